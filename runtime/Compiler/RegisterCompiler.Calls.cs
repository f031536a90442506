using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Compiler;

// Calls, method calls, assignment and places.
internal sealed partial class RegisterCompiler
{
    /// <summary>A call argument: shared unless borrowed; <c>&amp;mut place</c> passes the place's own (unique) aggregate.</summary>
    private void CompileArgument(BoundExpr arg, int dest)
    {
        if (arg is BoundBorrow b)
        {
            if (b.Mutable)
            {
                int r = CompileUniquePlace(b.Operand);
                if (r != dest) Emit(RegOp.Move, dest, r, 0, b.Pos);
            }
            else CompileInto(b.Operand, dest);
            return;
        }
        CompileIntoShared(arg, dest);
    }

    private void CompileCall(BoundCall c, int dest)
    {
        int mark = _f.NextTemp;
        int callBase = CallBase(dest, c.Args.Length + 1);
        // A global callee is read by the call itself (CallGlobal), after the arguments, as the AST tier
        // reads it before them: equivalent, since evaluating arguments cannot rebind a function name
        // without an assignment to that global (then the plain sequence is used).
        bool fused = _options.IsOn(SwitchRegistry.Superinstructions) && c.Callee is BoundVariable { Kind: BoundKind.Global } g
            && !c.Args.Any(a => BoundTreeWalk.AssignsGlobal(a, g.Index));
        if (!fused) CompileInto(c.Callee, callBase);
        for (int i = 0; i < c.Args.Length; i++) CompileArgument(c.Args[i], callBase + 1 + i);
        int global = c.Callee is BoundVariable { Kind: BoundKind.Global } gv ? gv.Index : -1;
        // CallGlobal holds the global slot itself (one load less per call); Call names its callee in the side table.
        Emit(fused ? RegOp.CallGlobal : RegOp.Call, callBase, c.Args.Length, fused ? global : AddSide(new CallTarget(c.CalleeName, global)), c.Pos);
        if (callBase != dest) Emit(RegOp.Move, dest, callBase, 0, c.Pos);
        FreeTo(mark);
    }

    /// <summary>
    /// <c>receiver.name(args)</c>. CallMethod decides at run time; when the method must change a
    /// place receiver (a <c>&amp;mut self</c> method, push on a variable...) it falls through into a
    /// block that makes the place's value unique, calls with CallMethodMut, and stores a replaced
    /// value back into the place. Otherwise it skips that block.
    /// </summary>
    private void CompileMethodCall(BoundMethodCall mc, int dest)
    {
        int mark = _f.NextTemp;
        int argc = mc.Args.Length;
        int callBase = CallBase(dest, argc + 2);
        int writeBack = callBase + argc + 1;
        CompileInto(mc.Receiver, callBase);
        for (int i = 0; i < argc; i++) CompileArgument(mc.Args[i], callBase + 1 + i);
        int receiverLocal = mc.Receiver is BoundVariable { Kind: BoundKind.Local } rl ? rl.Index : -1;
        // The site holds the length of the mutation path, known once it is emitted.
        int siteIndex = ReserveSide();
        int call = Emit(RegOp.CallMethod, callBase, argc, siteIndex, mc.Pos);
        int skipLength = 0;
        if (mc.ReceiverIsPlace)
        {
            int unique = CompileUniquePlace(mc.Receiver);
            if (unique != callBase) Emit(RegOp.Move, callBase, unique, 0, mc.Pos);
            Emit(RegOp.CallMethodMut, callBase, argc, siteIndex, mc.Pos);
            int skipStore = Emit(RegOp.JmpIfNil, writeBack, 0, 0, mc.Pos);
            StoreToPlace(mc.Receiver, writeBack);
            PatchJumpHere(skipStore);
            skipLength = Here - call - 1;
        }
        SetSide(siteIndex, new MethodSite(mc.Name, mc.Method, mc.ReceiverIsPlace, mc.IsStatement, receiverLocal, skipLength, writeBackSlot: -1));
        if (callBase != dest) Emit(RegOp.Move, dest, callBase, 0, mc.Pos);
        FreeTo(mark);
    }

    // ---------------------------------------------------------------- places

    /// <summary>
    /// Leaves in a register the aggregate stored at <paramref name="place"/>, made unique (copied in
    /// place if shared) so it can be mutated; a non-place expression yields a private copy.
    /// </summary>
    private int CompileUniquePlace(BoundExpr place)
    {
        switch (place)
        {
            case BoundVariable v:
                switch (v.Kind)
                {
                    case BoundKind.Local:
                        Emit(RegOp.UniqueLocal, v.Index, 0, 0, v.Pos);
                        return v.Index;
                    case BoundKind.Cell:
                    {
                        int t = AllocTemp();
                        Emit(RegOp.UniqueCell, t, v.Index, 0, v.Pos);
                        return t;
                    }
                    case BoundKind.Upvalue:
                    {
                        int t = AllocTemp();
                        Emit(RegOp.UniqueUpval, t, v.Index, 0, v.Pos);
                        return t;
                    }
                    default:
                    {
                        int t = AllocTemp();
                        Emit(RegOp.UniqueGlobal, t, v.Index, 0, v.Pos);
                        return t;
                    }
                }
            case BoundField f:
            {
                int parent = CompileUniquePlace(f.Target);
                int t = AllocTemp();
                Emit(RegOp.UniqueField, t, parent, AddSide(new FieldSite(f.Name, f.TupleIndex)), f.Pos);
                return t;
            }
            case BoundIndex ix:
            {
                int parent = CompileUniquePlace(ix.Target);
                int i = ToAnyReg(ix.IndexExpr);
                int t = AllocTemp();
                Emit(RegOp.UniqueIndex, t, parent, i, ix.Pos);
                return t;
            }
            default:
            {
                int t = AllocTemp();
                CompileInto(place, t);
                Emit(RegOp.CopyTemp, t, 0, 0, place.Pos);
                return t;
            }
        }
    }

    /// <summary>Stores R[value] (already shared as needed) into a place.</summary>
    private void StoreToPlace(BoundExpr place, int value)
    {
        int mark = _f.NextTemp;
        switch (place)
        {
            case BoundVariable v:
                switch (v.Kind)
                {
                    case BoundKind.Local:
                        if (v.Index != value) Emit(RegOp.Move, v.Index, value, 0, v.Pos);
                        break;
                    case BoundKind.Cell: Emit(RegOp.SetCell, value, v.Index, 0, v.Pos); break;
                    case BoundKind.Upvalue: Emit(RegOp.SetUpval, value, v.Index, 0, v.Pos); break;
                    default: Emit(RegOp.SetGlobal, value, v.Index, 0, v.Pos); break;
                }
                break;
            case BoundField f:
            {
                int parent = CompileUniquePlace(f.Target);
                Emit(RegOp.SetField, parent, value, AddSide(new FieldSite(f.Name, f.TupleIndex)), f.Pos);
                break;
            }
            case BoundIndex ix:
            {
                int parent = CompileUniquePlace(ix.Target);
                int i = ToAnyReg(ix.IndexExpr);
                Emit(RegOp.SetIndex, parent, i, value, ix.Pos);
                break;
            }
            case BoundTupleLiteral t:
            {
                Emit(RegOp.Destructure, value, t.Elements.Length, 0, t.Pos);
                int item = AllocTemp();
                for (int i = 0; i < t.Elements.Length; i++)
                {
                    Emit(RegOp.GetItem, item, value, i, t.Pos);
                    Emit(RegOp.Share, item, 0, 0, t.Pos);
                    StoreToPlace(t.Elements[i], item);
                }
                break;
            }
            case BoundUndefined u:
                Emit(RegOp.Undefined, AddSide(SiteLowering.Undefined(u)), 0, 0, u.Pos);
                break;
            default:
                throw new InvalidOperationException("internal compiler error: invalid assignment target");
        }
        FreeTo(mark);
    }

    private void CompileAssign(BoundAssign a)
    {
        int mark = _f.NextTemp;
        if (a.Target is BoundVariable { Kind: BoundKind.Local } local)
        {
            CompileIntoShared(a.Value, local.Index);
            return;
        }
        int v = AllocTemp();
        CompileIntoShared(a.Value, v);
        StoreToPlace(a.Target, v);
        FreeTo(mark);
    }

    private void CompileCompoundAssign(BoundCompoundAssign a)
    {
        int mark = _f.NextTemp;
        var op = BinaryOpcode(a.Op);
        if (_options.IsOn(SwitchRegistry.Superinstructions) && IsSmallInt(a.Value, out int immediate) && op is RegOp.Add or RegOp.Sub)
        {
            // x += 1: the add-constant form, as for x + 1 (a constant has no effects, so order does not matter).
            var fused = op == RegOp.Add ? RegOp.AddK : RegOp.SubK;
            if (a.Target is BoundVariable { Kind: BoundKind.Local } target)
            {
                Emit(fused, target.Index, target.Index, immediate, a.Pos);
                return;
            }
            int value = AllocTemp();
            CompileInto(a.Target, value);
            Emit(fused, value, value, immediate, a.Pos);
            StoreToPlace(a.Target, value);
            FreeTo(mark);
            return;
        }
        int rhs = AllocTemp();
        CompileInto(a.Value, rhs);
        if (a.Target is BoundVariable { Kind: BoundKind.Local } local)
        {
            // The result of an operator is always a new value: no share mark needed.
            Emit(op, local.Index, local.Index, rhs, a.Pos);
            FreeTo(mark);
            return;
        }
        int current = AllocTemp();
        CompileInto(a.Target, current);
        Emit(op, current, current, rhs, a.Pos);
        StoreToPlace(a.Target, current);
        FreeTo(mark);
    }

    private void CompileIncDec(BoundIncDec d, int dest)
    {
        int mark = _f.NextTemp;
        int old = AllocTemp();
        CompileInto(d.Target, old);
        int updated = AllocTemp();
        Emit(d.Increment ? RegOp.AddK : RegOp.SubK, updated, old, 1, d.Pos);
        StoreToPlace(d.Target, updated);
        Emit(RegOp.Move, dest, d.Prefix ? updated : old, 0, d.Pos);
        FreeTo(mark);
    }

    /// <summary>An integer constant that fits an instruction operand (the immediate of AddK/SubK).</summary>
    private static bool IsSmallInt(BoundExpr e, out int value)
    {
        value = 0;
        if (e is not BoundConst { Value.Kind: ValueKind.Int } k || k.Value.AsInt is < int.MinValue or > int.MaxValue) return false;
        value = (int)k.Value.AsInt;
        return true;
    }

    internal static RegOp BinaryOpcode(BinaryOp op) => op switch
    {
        BinaryOp.Add => RegOp.Add,
        BinaryOp.Sub => RegOp.Sub,
        BinaryOp.Mul => RegOp.Mul,
        BinaryOp.Div => RegOp.Div,
        BinaryOp.Rem => RegOp.Rem,
        BinaryOp.Pow => RegOp.Pow,
        BinaryOp.Eq => RegOp.Eq,
        BinaryOp.Ne => RegOp.Ne,
        BinaryOp.Lt => RegOp.Lt,
        BinaryOp.Le => RegOp.Le,
        BinaryOp.Gt => RegOp.Gt,
        BinaryOp.Ge => RegOp.Ge,
        BinaryOp.BitAnd => RegOp.BitAnd,
        BinaryOp.BitOr => RegOp.BitOr,
        BinaryOp.BitXor => RegOp.BitXor,
        BinaryOp.Shl => RegOp.Shl,
        BinaryOp.Shr => RegOp.Shr,
        _ => throw new InvalidOperationException($"internal compiler error: operator {op}"),
    };

    /// <summary>A struct literal: the base (if any) first and checked, then the fields in declaration order.</summary>
    private void CompileStructLiteral(BoundStructLiteral sl, int dest)
    {
        int mark = _f.NextTemp;
        int n = sl.Fields.Length;
        int regs = AllocTemps(n + 1);
        int baseOffset = n;
        if (sl.Base != null)
        {
            CompileInto(sl.Base, regs + baseOffset);
            Emit(RegOp.CheckStructBase, regs + baseOffset, 0, AddSide(sl.Type), sl.Base.Pos);
        }
        var offsets = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (sl.Fields[i] == null)
            {
                offsets[i] = -1;
                continue;
            }
            offsets[i] = i;
            CompileInto(sl.Fields[i]!, regs + i);
        }
        Emit(RegOp.NewStruct, dest, regs, AddSide(new StructSite(sl.Type, offsets, sl.Base != null, baseOffset)), sl.Pos);
        FreeTo(mark);
    }
}
