namespace Ruchy.Bytecode;

/// <summary>
/// Instruction set of the register VM. R[x] is register x of the current frame (registers
/// 0..params-1 are the parameters, then the resolver's local slots, then temporaries), K[x] a
/// constant, G[x] a global, U[x] a captured cell of the running closure, X[x] an entry of the
/// function's side table (call sites, field sites, patterns...). "Share" marks an aggregate as held
/// twice (copy-on-write; see Values/CowObject.cs). Jump offsets are relative to the next instruction.
/// The opcodes marked "fused" are superinstructions, emitted only with the superinstructions switch.
/// </summary>
public enum RegOp : byte
{
    /// <summary>R[A] := R[B]</summary>
    Move,
    /// <summary>R[A] := R[B], shared (a store into a second variable)</summary>
    MoveShare,
    /// <summary>R[A] := R[A], shared (after a call or element read whose result is stored)</summary>
    Share,
    /// <summary>R[A] := K[B]</summary>
    LoadK,
    /// <summary>R[A] := nil</summary>
    LoadNil,
    /// <summary>R[A] := G[B]</summary>
    GetGlobal,
    /// <summary>G[B] := R[A], shared</summary>
    SetGlobal,
    /// <summary>R[A] := cell R[B] .value (B is a captured local)</summary>
    GetCell,
    /// <summary>cell R[B] .value := R[A], shared</summary>
    SetCell,
    /// <summary>R[B] := new cell(R[A], shared): a binding of a captured variable, fresh per binding</summary>
    BindCell,
    /// <summary>R[A] := U[B].value</summary>
    GetUpval,
    /// <summary>U[B].value := R[A], shared</summary>
    SetUpval,

    /// <summary>R[A] := R[B] + R[C] (checked for ints; also strings and arrays)</summary>
    Add,
    /// <summary>R[A] := R[B] - R[C]</summary>
    Sub,
    /// <summary>R[A] := R[B] * R[C]</summary>
    Mul,
    /// <summary>R[A] := R[B] / R[C]</summary>
    Div,
    /// <summary>R[A] := R[B] % R[C]</summary>
    Rem,
    /// <summary>R[A] := R[B] ** R[C]</summary>
    Pow,
    /// <summary>R[A] := R[B] == R[C]</summary>
    Eq,
    /// <summary>R[A] := R[B] != R[C]</summary>
    Ne,
    /// <summary>R[A] := R[B] &lt; R[C]</summary>
    Lt,
    /// <summary>R[A] := R[B] &lt;= R[C]</summary>
    Le,
    /// <summary>R[A] := R[B] &gt; R[C]</summary>
    Gt,
    /// <summary>R[A] := R[B] &gt;= R[C]</summary>
    Ge,
    /// <summary>R[A] := R[B] &amp; R[C]</summary>
    BitAnd,
    /// <summary>R[A] := R[B] | R[C]</summary>
    BitOr,
    /// <summary>R[A] := R[B] ^ R[C]</summary>
    BitXor,
    /// <summary>R[A] := R[B] &lt;&lt; R[C]</summary>
    Shl,
    /// <summary>R[A] := R[B] &gt;&gt; R[C]</summary>
    Shr,
    /// <summary>(fused) R[A] := R[B] + C, C an integer held in the instruction</summary>
    AddK,
    /// <summary>(fused) R[A] := R[B] - C, C an integer held in the instruction</summary>
    SubK,
    /// <summary>R[A] := -R[B]</summary>
    Neg,
    /// <summary>R[A] := !R[B]</summary>
    Not,
    /// <summary>R[A] := ~R[B]</summary>
    BitNot,
    /// <summary>R[A] := +R[B] (numbers only)</summary>
    Plus,

    /// <summary>pc += A</summary>
    Jmp,
    /// <summary>if not truthy(R[A]) then pc += B</summary>
    JmpIfFalse,
    /// <summary>if truthy(R[A]) then pc += B</summary>
    JmpIfTrue,
    /// <summary>if R[A] is neither nil nor None then pc += B (the ?? operator)</summary>
    JmpIfPresent,
    /// <summary>if R[A] is nil then pc += B</summary>
    JmpIfNil,
    /// <summary>(inlining) unless global A holds the function X[B] inlined here and a frame would fit under the depth limit, pc += C</summary>
    JmpIfNotCallee,
    /// <summary>(fused) if not (R[A] &lt; R[B]) then pc += C</summary>
    JmpIfNotLt,
    /// <summary>(fused) if not (R[A] &lt;= R[B]) then pc += C</summary>
    JmpIfNotLe,
    /// <summary>(fused) if not (R[A] &gt; R[B]) then pc += C</summary>
    JmpIfNotGt,
    /// <summary>(fused) if not (R[A] &gt;= R[B]) then pc += C</summary>
    JmpIfNotGe,
    /// <summary>(fused) if not (R[A] == R[B]) then pc += C</summary>
    JmpIfNotEq,
    /// <summary>(fused) if not (R[A] != R[B]) then pc += C</summary>
    JmpIfNotNe,
    /// <summary>(fused) if not (R[A] &lt; B) then pc += C, B an integer held in the instruction</summary>
    JmpIfNotLtI,
    /// <summary>(fused) if not (R[A] &lt;= B) then pc += C, B an integer held in the instruction</summary>
    JmpIfNotLeI,
    /// <summary>(fused) if not (R[A] &gt; B) then pc += C, B an integer held in the instruction</summary>
    JmpIfNotGtI,
    /// <summary>(fused) if not (R[A] &gt;= B) then pc += C, B an integer held in the instruction</summary>
    JmpIfNotGeI,
    /// <summary>(fused) if not (R[A] == B) then pc += C, B an integer held in the instruction</summary>
    JmpIfNotEqI,
    /// <summary>(fused) if not (R[A] != B) then pc += C, B an integer held in the instruction</summary>
    JmpIfNotNeI,

    /// <summary>R[A] := R[A](R[A+1] .. R[A+B]) (X[C] names the callee for errors); a bytecode callee's frame starts at R[A+1]</summary>
    Call,
    /// <summary>(fused) R[A] := G[C](R[A+1] .. R[A+B]): a call of a global function without loading it first</summary>
    CallGlobal,
    /// <summary>R[A] := builtin X[C](R[A] .. R[A+B-1])</summary>
    CallNative,
    /// <summary>R[A] := R[A].method X[C](R[A+1] .. R[A+B]); if the method must change a place receiver, fall through (else skip X[C].SkipOffset instructions)</summary>
    CallMethod,
    /// <summary>the fall-through of CallMethod: call with the unique place value in R[A]; R[A+B+1] := replaced self or nil</summary>
    CallMethodMut,
    /// <summary>return R[A]</summary>
    Return,
    /// <summary>return nil</summary>
    ReturnNil,
    /// <summary>if the call passed more than A arguments (and R[A] is not a named-argument gap) then pc += B</summary>
    Default,
    /// <summary>R[A] := new cell(R[A]) (a captured parameter)</summary>
    BoxParam,
    /// <summary>R[A] := closure of X[B] capturing cells of this frame and of U</summary>
    Closure,
    /// <summary>if not R[A] then pc += B (pattern tests leave a bool)</summary>
    Fail,

    /// <summary>R[A] := [R[B] .. R[B+C-1]] (elements shared)</summary>
    NewArray,
    /// <summary>R[A] := (R[B] .. R[B+C-1]) (nil when C = 0)</summary>
    NewTuple,
    /// <summary>R[A] := [R[B]; R[C]]</summary>
    ArrayRepeat,
    /// <summary>R[A] := object literal X[C] over values R[B]..</summary>
    NewMap,
    /// <summary>error unless R[A] is a struct of type X[C] (the base of a struct update)</summary>
    CheckStructBase,
    /// <summary>R[A] := struct literal X[C] over field values R[B].. (then the base, if any)</summary>
    NewStruct,
    /// <summary>R[A] := enum variant X[C] with payload R[B]..</summary>
    NewVariant,
    /// <summary>R[A] := range X[C] from R[B] (start) and R[B+1] (end), each optional</summary>
    NewRange,
    /// <summary>R[A] := f-string X[C] over interpolated values R[B]..</summary>
    FString,
    /// <summary>R[A] := formatting macro X[C] (format!, println!, assert!...) over checked values then arguments R[B]..</summary>
    Format,
    /// <summary>R[A] := R[B] as (CastKind)C</summary>
    Cast,
    /// <summary>error: undefined name X[A]</summary>
    Undefined,

    /// <summary>R[A] := R[B].field X[C] (inline-cached struct field, tuple field, object key)</summary>
    GetField,
    /// <summary>R[A] := R[B][R[C]]</summary>
    Index,
    /// <summary>make R[A] unique (copy a shared aggregate in place)</summary>
    UniqueLocal,
    /// <summary>make G[B] unique; R[A] := G[B]</summary>
    UniqueGlobal,
    /// <summary>make cell R[B] .value unique; R[A] := it</summary>
    UniqueCell,
    /// <summary>make U[B].value unique; R[A] := it</summary>
    UniqueUpval,
    /// <summary>R[B] is a unique container: make its field X[C] unique in place; R[A] := it</summary>
    UniqueField,
    /// <summary>R[B] is a unique container: make element R[C] unique in place; R[A] := it</summary>
    UniqueIndex,
    /// <summary>R[A] := a private copy of R[A] if it is an aggregate (a temporary about to be mutated)</summary>
    CopyTemp,
    /// <summary>error unless R[A] is a tuple of B elements (tuple assignment)</summary>
    Destructure,
    /// <summary>R[A].field X[C] := R[B], shared (R[A] unique)</summary>
    SetField,
    /// <summary>R[A][R[B]] := R[C], shared (R[A] unique)</summary>
    SetIndex,

    /// <summary>R[A] := R[B] == K[C] (literal pattern)</summary>
    TestEqK,
    /// <summary>R[A] := R[B] in range pattern X[C]</summary>
    TestRange,
    /// <summary>R[A] := R[B] is the variant X[C] (Some(x) also takes a plain non-nil value, None takes nil)</summary>
    TestVariant,
    /// <summary>R[A] := R[B] is a struct of type X[C]</summary>
    TestStruct,
    /// <summary>R[A] := R[B] is a tuple/array with the length X[C] requires</summary>
    TestSeq,
    /// <summary>R[A] := element C of tuple/array R[B] (C &lt; 0 counts from the end)</summary>
    GetItem,
    /// <summary>R[A] := payload C of the variant in R[B]</summary>
    GetPayload,
    /// <summary>R[A] := field C of the struct in R[B]</summary>
    GetStructField,
    /// <summary>R[A] := the middle of sequence R[B] between X[C] = (front, back) as a new array</summary>
    SliceRest,
    /// <summary>error (message X[B]) about the value R[A]: no match arm, refutable let, loop pattern...</summary>
    PatternError,

    /// <summary>R[A] := iterator over R[B] (ranges, arrays, strings, maps, tuples, Option)</summary>
    IterInit,
    /// <summary>R[B] := next item of iterator R[A], or pc += C when done</summary>
    IterNext,
    /// <summary>range loop head: R[A] := start, R[A+1] := item count of range X[C] over R[B] (start), R[B+1] (end); no range object (range_loops switch)</summary>
    ForPrep,
    /// <summary>range loop step: if R[A+1] &gt; 0 then R[A+1] -= 1, R[B] := R[A], R[A] += 1, else pc += C (range_loops switch)</summary>
    ForLoop,
    /// <summary>if R[B] unwraps (Some/Ok/plain) then R[A] := payload else return the None/Err from the function</summary>
    Try,
}
