namespace Ruchy.Ir;

/// <summary>
/// IR opcodes. Operands are SSA values (instruction indices); <c>Aux</c> is an immediate (a constant-pool
/// index, a global slot, a side-table entry...). Block parameters take the place of phi nodes: a
/// terminator passes arguments along each edge. Effects and result kinds are in <see cref="IrOpInfo"/>.
/// </summary>
internal enum IrOp : byte
{
    // ---- values
    /// <summary>A block parameter (the function's parameters are the entry block's).</summary>
    Param,
    /// <summary>Constant-pool entry Aux.</summary>
    Const,
    /// <summary>The operand, unchanged (passes remove it; lowering may need it).</summary>
    Copy,
    /// <summary>The operand, marked as held twice (copy-on-write); stored values are shared.</summary>
    Share,
    GetGlobal,
    /// <summary>global Aux := operand (already shared)</summary>
    SetGlobal,
    /// <summary>The value in cell operand 0.</summary>
    GetCell,
    /// <summary>cell operand 0 := operand 1 (shared)</summary>
    SetCell,
    /// <summary>A new cell holding operand 0 (shared): the binding of a captured variable.</summary>
    BindCell,
    /// <summary>A new cell holding operand 0 as it is (a captured parameter).</summary>
    BoxParam,
    GetUpval,
    SetUpval,
    /// <summary>The frame slot Aux kept in its own register (self of a &amp;mut self method).</summary>
    LoadPinned,
    StorePinned,

    // ---- arithmetic and comparison (checked; dispatch on the operand kinds at run time)
    Add, Sub, Mul, Div, Rem, Pow,
    Eq, Ne, Lt, Le, Gt, Ge,
    BitAnd, BitOr, BitXor, Shl, Shr,
    Neg, Not, BitNot, Plus,

    // ---- calls
    /// <summary>operand 0 (callee) applied to the rest; Aux: side entry naming the callee.</summary>
    Call,
    /// <summary>global Aux applied to the operands (the callee is read by the call).</summary>
    CallGlobal,
    /// <summary>built-in Aux applied to the operands.</summary>
    CallNative,
    /// <summary>receiver.method(args) on a value that is not a place: receiver then arguments; Aux: method site.</summary>
    CallMethod,
    /// <summary>
    /// receiver.method(args) on a plain local variable: the VM mutates (or replaces) the variable's register in
    /// place when the method needs to; operands: receiver then arguments; Aux: method site.
    /// </summary>
    CallMethodLocal,
    /// <summary>After CallMethodLocal (operand 0; operand 1 is the receiver): the variable's value after the call, in the receiver's register.</summary>
    ReceiverAfter,
    /// <summary>Mutation path of a method call on a place: receiver (unique) then arguments; Aux: method site.</summary>
    CallMethodMut,
    /// <summary>After CallMethodMut (operand 0): the replaced self, or nil.</summary>
    WriteBack,
    /// <summary>A closure over function Aux capturing the cells given as operands.</summary>
    Closure,

    // ---- aggregates and formatting (Aux: side entry)
    NewArray, NewTuple, ArrayRepeat, NewMap, CheckStructBase, NewStruct, NewVariant, NewRange,
    FString, Format, Cast,
    /// <summary>Error: undefined name (side entry Aux). Raises always.</summary>
    Undefined,

    // ---- places
    GetField, Index,
    /// <summary>Operand 0 made unique (copied if shared): the new value of the variable.</summary>
    Unique,
    UniqueGlobal, UniqueCell, UniqueUpval, UniqueField, UniqueIndex,
    /// <summary>A private copy of a temporary aggregate about to be mutated.</summary>
    CopyTemp,
    /// <summary>Error unless operand 0 is a tuple of Aux elements.</summary>
    Destructure,
    SetField, SetIndex,

    // ---- patterns
    TestEqK, TestRange, TestVariant, TestStruct, TestSeq,
    GetItem, GetPayload, GetStructField, SliceRest,

    // ---- iteration
    IterInit,
    /// <summary>A range loop's counters (two registers) from start and end operands; Aux: range site.</summary>
    ForPrep,
    /// <summary>Unwraps Some/Ok/plain; returns the None/Err from the function otherwise.</summary>
    Try,

    // ---- terminators
    /// <summary>Edge 0.</summary>
    Jump,
    /// <summary>Edge 0 when operand 0 is truthy, else edge 1.</summary>
    Branch,
    /// <summary>Edge 0 when operand 0 is neither nil nor None (the ?? operator), else edge 1.</summary>
    BranchPresent,
    /// <summary>Edge 0 when operand 0 is nil, else edge 1.</summary>
    BranchNil,
    /// <summary>Edge 0 when the caller passed argument Aux (operand 0 is its parameter), else edge 1.</summary>
    BranchArgPassed,
    /// <summary>
    /// The guard of an inlined call (side entry Aux, an <see cref="IrCalleeGuard"/>): edge 0 when the global still
    /// holds the inlined function and its frame would fit under the depth limit, else edge 1 (the call itself).
    /// </summary>
    BranchCallee,
    /// <summary>Method call on a place: edge 0 (its first parameter receives the result) when done, edge 1 when the receiver place must be mutated (then CallMethodMut).</summary>
    CallMethodPlace,
    /// <summary>Iterator operand 0: edge 0 with the next item as its first parameter, edge 1 when done.</summary>
    IterNext,
    /// <summary>Range loop counters operand 0: edge 0 with the next integer as its first parameter, edge 1 when done.</summary>
    ForLoop,
    Return,
    /// <summary>Raises the pattern error side entry Aux about operand 0.</summary>
    PatternError,
}

/// <summary>What an opcode may do besides computing its result: what DCE, CSE and LICM must respect.</summary>
[Flags]
internal enum IrEffects : byte
{
    None = 0,
    /// <summary>Reads mutable state (globals, cells, aggregates, iterators).</summary>
    ReadsMemory = 1,
    /// <summary>Writes mutable state, including share marks.</summary>
    WritesMemory = 2,
    /// <summary>May raise a runtime error.</summary>
    MayThrow = 4,
    /// <summary>Calls code that can do anything.</summary>
    Calls = 8,
    /// <summary>May leave the function (the ? operator).</summary>
    MayReturn = 16,
    /// <summary>Ends a block.</summary>
    Terminator = 32,
    /// <summary>Allocates a new object: two evaluations are not the same value.</summary>
    Allocates = 64,
}

/// <summary>The meaning of an instruction's Aux.</summary>
internal enum IrAux : byte
{
    /// <summary>A plain number (builtin id, item index, cast kind...) or unused.</summary>
    Immediate,
    /// <summary>An index into the function's constant pool.</summary>
    Constant,
    /// <summary>An index into the function's side entries.</summary>
    Side,
    /// <summary>A global slot (shared by every function of the program).</summary>
    Global,
    /// <summary>A parameter, upvalue or frame slot of the function itself.</summary>
    FrameSlot,
}

internal static class IrOpInfo
{
    private static readonly IrEffects[] EffectTable = BuildEffects();
    private static readonly string[] NameTable = BuildNames();

    public static IrEffects Effects(IrOp op) => EffectTable[(int)op];
    public static string Name(IrOp op) => NameTable[(int)op];
    public static bool IsTerminator(IrOp op) => (EffectTable[(int)op] & IrEffects.Terminator) != 0;

    /// <summary>No effect at all: removable when unused, and two with equal operands are equal (CSE).</summary>
    public static bool IsPure(IrOp op) => EffectTable[(int)op] == IrEffects.None;

    /// <summary>Removable when its result is unused (it may read memory or throw, but a throw-free
    /// evaluation changes nothing). Only the ops whose errors cannot happen on a well-typed operand are not.</summary>
    public static bool IsRemovableIfUnused(IrOp op)
    {
        var e = EffectTable[(int)op];
        return (e & (IrEffects.WritesMemory | IrEffects.Calls | IrEffects.MayReturn | IrEffects.Terminator | IrEffects.MayThrow)) == 0;
    }

    public static bool HasResult(IrOp op) => op switch
    {
        IrOp.SetGlobal or IrOp.SetCell or IrOp.SetUpval or IrOp.StorePinned or IrOp.CheckStructBase or IrOp.Undefined
            or IrOp.Destructure or IrOp.SetField or IrOp.SetIndex => false,
        _ => !IsTerminator(op),
    };

    /// <summary>What an opcode's Aux holds: passes that copy instructions between functions (inlining) remap pool and side indices.</summary>
    public static IrAux AuxKind(IrOp op) => op switch
    {
        IrOp.Const or IrOp.TestEqK => IrAux.Constant,
        IrOp.Call or IrOp.CallGlobal or IrOp.CallMethod or IrOp.CallMethodLocal or IrOp.CallMethodMut or IrOp.CallMethodPlace
            or IrOp.Closure or IrOp.NewVariant or IrOp.NewStruct or IrOp.NewMap or IrOp.NewRange or IrOp.FString or IrOp.Format
            or IrOp.CheckStructBase or IrOp.Undefined or IrOp.GetField or IrOp.UniqueField or IrOp.SetField or IrOp.TestRange
            or IrOp.TestVariant or IrOp.TestStruct or IrOp.TestSeq or IrOp.SliceRest or IrOp.ForPrep or IrOp.PatternError
            or IrOp.BranchCallee => IrAux.Side,
        IrOp.GetGlobal or IrOp.SetGlobal or IrOp.UniqueGlobal => IrAux.Global,
        IrOp.GetUpval or IrOp.SetUpval or IrOp.UniqueUpval or IrOp.LoadPinned or IrOp.StorePinned or IrOp.Param or IrOp.BranchArgPassed => IrAux.FrameSlot,
        _ => IrAux.Immediate,
    };

    public static bool IsBinary(IrOp op) => op is >= IrOp.Add and <= IrOp.Shr;

    /// <summary>The IR opcode of a binary operator, and back: the one place the two lists meet.</summary>
    public static IrOp FromBinary(Core.BinaryOp op) => op switch
    {
        Core.BinaryOp.Add => IrOp.Add,
        Core.BinaryOp.Sub => IrOp.Sub,
        Core.BinaryOp.Mul => IrOp.Mul,
        Core.BinaryOp.Div => IrOp.Div,
        Core.BinaryOp.Rem => IrOp.Rem,
        Core.BinaryOp.Pow => IrOp.Pow,
        Core.BinaryOp.Eq => IrOp.Eq,
        Core.BinaryOp.Ne => IrOp.Ne,
        Core.BinaryOp.Lt => IrOp.Lt,
        Core.BinaryOp.Le => IrOp.Le,
        Core.BinaryOp.Gt => IrOp.Gt,
        Core.BinaryOp.Ge => IrOp.Ge,
        Core.BinaryOp.BitAnd => IrOp.BitAnd,
        Core.BinaryOp.BitOr => IrOp.BitOr,
        Core.BinaryOp.BitXor => IrOp.BitXor,
        Core.BinaryOp.Shl => IrOp.Shl,
        Core.BinaryOp.Shr => IrOp.Shr,
        _ => throw new InvalidOperationException($"internal IR error: operator {op}"),
    };

    public static Core.BinaryOp ToBinary(IrOp op) => op switch
    {
        IrOp.Add => Core.BinaryOp.Add,
        IrOp.Sub => Core.BinaryOp.Sub,
        IrOp.Mul => Core.BinaryOp.Mul,
        IrOp.Div => Core.BinaryOp.Div,
        IrOp.Rem => Core.BinaryOp.Rem,
        IrOp.Pow => Core.BinaryOp.Pow,
        IrOp.Eq => Core.BinaryOp.Eq,
        IrOp.Ne => Core.BinaryOp.Ne,
        IrOp.Lt => Core.BinaryOp.Lt,
        IrOp.Le => Core.BinaryOp.Le,
        IrOp.Gt => Core.BinaryOp.Gt,
        IrOp.Ge => Core.BinaryOp.Ge,
        IrOp.BitAnd => Core.BinaryOp.BitAnd,
        IrOp.BitOr => Core.BinaryOp.BitOr,
        IrOp.BitXor => Core.BinaryOp.BitXor,
        IrOp.Shl => Core.BinaryOp.Shl,
        IrOp.Shr => Core.BinaryOp.Shr,
        _ => throw new InvalidOperationException($"internal IR error: {op} is no binary operator"),
    };
    public static bool IsCompare(IrOp op) => op is >= IrOp.Eq and <= IrOp.Ge;
    public static bool IsUnary(IrOp op) => op is >= IrOp.Neg and <= IrOp.Plus;

    private static IrEffects[] BuildEffects()
    {
        var t = new IrEffects[(int)IrOp.PatternError + 1];
        const IrEffects R = IrEffects.ReadsMemory, W = IrEffects.WritesMemory, X = IrEffects.MayThrow, C = IrEffects.Calls | R | W | X,
            A = IrEffects.Allocates, T = IrEffects.Terminator;
        foreach (IrOp op in Enum.GetValues<IrOp>())
        {
            t[(int)op] = op switch
            {
                IrOp.Param or IrOp.Const or IrOp.Copy => IrEffects.None,
                IrOp.Share => W,
                IrOp.GetGlobal or IrOp.GetCell or IrOp.GetUpval or IrOp.LoadPinned => R,
                IrOp.SetGlobal or IrOp.SetCell or IrOp.SetUpval or IrOp.StorePinned => W,
                IrOp.BindCell or IrOp.BoxParam => A | W,
                // Arithmetic may raise (overflow, wrong kinds) and may call user operator code? No: operators are built in.
                >= IrOp.Add and <= IrOp.Plus => X | A,
                IrOp.Call or IrOp.CallGlobal or IrOp.CallNative or IrOp.CallMethod or IrOp.CallMethodLocal or IrOp.CallMethodMut => C,
                IrOp.WriteBack => IrEffects.None,
                // Not movable or mergeable: it names a register the call wrote; reading it is a read of the frame.
                IrOp.ReceiverAfter => R,
                IrOp.Closure => A | R,
                IrOp.NewArray or IrOp.NewTuple or IrOp.NewMap or IrOp.NewStruct or IrOp.NewVariant or IrOp.NewRange
                    or IrOp.ArrayRepeat or IrOp.FString => A | X | R,
                // format! runs user Display code? Formatting is built in, but println! writes output.
                IrOp.Format => A | X | R | W,
                IrOp.Cast => A | X,
                IrOp.CheckStructBase or IrOp.Destructure => X,
                IrOp.Undefined => X | W,
                IrOp.GetField or IrOp.Index => R | X,
                IrOp.Unique or IrOp.UniqueGlobal or IrOp.UniqueCell or IrOp.UniqueUpval or IrOp.UniqueField or IrOp.UniqueIndex
                    or IrOp.CopyTemp => R | W | X | A,
                IrOp.SetField or IrOp.SetIndex => W | X,
                IrOp.TestEqK or IrOp.TestRange or IrOp.TestVariant or IrOp.TestStruct or IrOp.TestSeq => R,
                IrOp.GetItem or IrOp.GetPayload or IrOp.GetStructField => R,
                IrOp.SliceRest => R | A,
                IrOp.IterInit => R | X | A,
                IrOp.ForPrep => X | A,
                IrOp.Try => IrEffects.MayReturn | R,
                IrOp.Jump or IrOp.Branch or IrOp.BranchPresent or IrOp.BranchNil or IrOp.BranchArgPassed => T,
                IrOp.BranchCallee => T | R,
                IrOp.CallMethodPlace => T | C,
                IrOp.IterNext => T | R | W | X,
                IrOp.ForLoop => T | W,
                IrOp.Return => T,
                IrOp.PatternError => T | X,
                _ => throw new InvalidOperationException($"no effects declared for {op}"),
            };
        }
        return t;
    }

    private static string[] BuildNames()
    {
        var names = new string[(int)IrOp.PatternError + 1];
        foreach (IrOp op in Enum.GetValues<IrOp>())
        {
            // snake_case of the enum name: CallMethodMut -> call_method_mut
            var s = op.ToString();
            var b = new System.Text.StringBuilder();
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsUpper(s[i]) && i > 0) b.Append('_');
                b.Append(char.ToLowerInvariant(s[i]));
            }
            names[(int)op] = b.ToString();
        }
        return names;
    }
}
