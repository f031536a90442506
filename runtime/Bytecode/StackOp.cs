namespace Ruchy.Bytecode;

/// <summary>
/// Instruction set of the stack VM, the research counterpart of <see cref="RegOp"/>. Operands of
/// computations are implicit on an operand stack above the frame's slots; L[x] is a frame slot (the
/// resolver's locals plus hidden temporaries the compiler allocates for pattern values, iterators
/// and loop results), and "push"/"pop" act on the operand stack. K, G, U, X as in RegOp.
/// Structured operations (calls, method calls, places) take their operands from the stack top.
/// </summary>
public enum StackOp : byte
{
    /// <summary>push K[A]</summary>
    PushK,
    /// <summary>push nil</summary>
    PushNil,
    /// <summary>push L[A]</summary>
    Load,
    /// <summary>L[A] := pop, shared</summary>
    Store,
    /// <summary>push G[A]</summary>
    LoadGlobal,
    /// <summary>G[A] := pop, shared</summary>
    StoreGlobal,
    /// <summary>push cell L[A] .value</summary>
    LoadCell,
    /// <summary>cell L[A] .value := pop, shared</summary>
    StoreCell,
    /// <summary>L[A] := new cell(pop, shared)</summary>
    BindCell,
    /// <summary>push U[A].value</summary>
    LoadUpval,
    /// <summary>U[A].value := pop, shared</summary>
    StoreUpval,
    /// <summary>drop the top</summary>
    Pop,
    /// <summary>mark the top shared</summary>
    Share,
    /// <summary>reset the operand stack to depth A (before a break or continue leaves an expression)</summary>
    SetDepth,

    /// <summary>b := pop; a := pop; push a + b (and so on for each operator)</summary>
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    /// <summary>(fused) push pop + K[A]</summary>
    AddK,
    /// <summary>(fused) push pop - K[A]</summary>
    SubK,
    /// <summary>push -pop (also Not, BitNot, Plus)</summary>
    Neg,
    Not,
    BitNot,
    Plus,

    /// <summary>pc += A</summary>
    Jmp,
    /// <summary>if not truthy(pop) then pc += A</summary>
    JmpIfFalse,
    /// <summary>if truthy(top) then pc += A (keeping it) else pop</summary>
    JmpIfTrueKeep,
    /// <summary>if not truthy(top) then pc += A (keeping it) else pop</summary>
    JmpIfFalseKeep,
    /// <summary>if top is neither nil nor None then pc += A (keeping it) else pop</summary>
    JmpIfPresentKeep,
    /// <summary>if pop is nil then pc += A</summary>
    JmpIfNil,
    /// <summary>(fused) b := pop; a := pop; if not (a &lt; b) then pc += A (also Le, Gt, Ge, Eq, Ne)</summary>
    JmpIfNotLt,
    JmpIfNotLe,
    JmpIfNotGt,
    JmpIfNotGe,
    JmpIfNotEq,
    JmpIfNotNe,

    /// <summary>callee and A arguments on the stack: call; the result replaces them (X[B] names the callee)</summary>
    Call,
    /// <summary>A arguments on the stack: call builtin B with them; push the result</summary>
    CallNative,
    /// <summary>receiver, A arguments and a write-back slot on the stack: like RegOp.CallMethod (X[B] is the site)</summary>
    CallMethod,
    /// <summary>the mutation path of CallMethod (like RegOp.CallMethodMut)</summary>
    CallMethodMut,
    /// <summary>return pop</summary>
    Return,
    /// <summary>return nil</summary>
    ReturnNil,
    /// <summary>if the call passed more than A arguments (and L[A] is not a named-argument gap) then pc += B</summary>
    Default,
    /// <summary>L[A] := new cell(L[A])</summary>
    BoxParam,
    /// <summary>push closure of X[A]</summary>
    Closure,
    /// <summary>if not pop (a pattern test's bool) then pc += A</summary>
    Fail,

    /// <summary>pop A values; push them as an array (also NewTuple)</summary>
    NewArray,
    NewTuple,
    /// <summary>count := pop; element := pop; push [element; count]</summary>
    ArrayRepeat,
    /// <summary>pop the values of object literal X[A]; push the object</summary>
    NewMap,
    /// <summary>error unless top is a struct of type X[A]</summary>
    CheckStructBase,
    /// <summary>pop field values (and base) of struct literal X[A]; push the struct</summary>
    NewStruct,
    /// <summary>pop the payload of variant X[A]; push the value</summary>
    NewVariant,
    /// <summary>pop end and start of range X[A]; push the range</summary>
    NewRange,
    /// <summary>pop the interpolated values of f-string X[A]; push the string</summary>
    FString,
    /// <summary>pop the operands of formatting macro X[A]; push its result</summary>
    Format,
    /// <summary>push pop as (CastKind)A</summary>
    Cast,
    /// <summary>error: undefined name X[A]</summary>
    Undefined,

    /// <summary>push pop.field X[A]</summary>
    GetField,
    /// <summary>i := pop; t := pop; push t[i]</summary>
    Index,
    /// <summary>make L[A] unique (copy a shared aggregate in place)</summary>
    UniqueLocal,
    /// <summary>make G[A] unique; push it</summary>
    UniqueGlobal,
    /// <summary>make cell L[A] .value unique; push it</summary>
    UniqueCell,
    /// <summary>make U[A].value unique; push it</summary>
    UniqueUpval,
    /// <summary>p := pop (unique container); make its field X[A] unique; push it</summary>
    UniqueField,
    /// <summary>i := pop; p := pop (unique container); make p[i] unique; push it</summary>
    UniqueIndex,
    /// <summary>replace the top by a private copy if it is an aggregate</summary>
    CopyTemp,
    /// <summary>v := pop; p := pop (unique); p.field X[A] := v, shared</summary>
    SetField,
    /// <summary>v := pop; i := pop; p := pop (unique); p[i] := v, shared</summary>
    SetIndex,
    /// <summary>error unless top is a tuple of A elements</summary>
    Destructure,

    /// <summary>push L[B] == K[A] (literal pattern); the Test* instructions read their value from L[B]</summary>
    TestEqK,
    /// <summary>push L[B] in range pattern X[A]</summary>
    TestRange,
    /// <summary>push L[B] is variant X[A]</summary>
    TestVariant,
    /// <summary>push L[B] is a struct of type X[A]</summary>
    TestStruct,
    /// <summary>push L[B] has the sequence shape X[A]</summary>
    TestSeq,
    /// <summary>push element A of sequence L[B] (A &lt; 0 from the end)</summary>
    GetItem,
    /// <summary>push payload A of the variant in L[B]</summary>
    GetPayload,
    /// <summary>push field A of the struct in L[B]</summary>
    GetStructField,
    /// <summary>push the middle of sequence L[B] between X[A] as a new array</summary>
    SliceRest,
    /// <summary>error X[A] about the value L[B]</summary>
    PatternError,

    /// <summary>L[A] := iterator over pop</summary>
    IterInit,
    /// <summary>push the next item of iterator L[A], or pc += B when done</summary>
    IterNext,
    /// <summary>range loop head: end := pop, start := pop; L[A] := start, L[A+1] := item count of range X[B]; no range object (range_loops switch)</summary>
    ForPrep,
    /// <summary>range loop step: if L[A+1] &gt; 0 then L[A+1] -= 1, push L[A], L[A] += 1, else pc += B (range_loops switch)</summary>
    ForLoop,
    /// <summary>v := pop; if it unwraps push the payload, else return the None/Err</summary>
    Try,
}
