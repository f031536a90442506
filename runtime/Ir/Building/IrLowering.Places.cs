using Ruchy.Bytecode;
using Ruchy.Compiler;
using Ruchy.Semantics;
using Ruchy.Switches;
using Ruchy.Values;

namespace Ruchy.Ir;

// Calls, method calls, assignment and places.
internal sealed partial class IrLowering
{
    /// <summary>A call argument: shared unless borrowed; <c>&amp;mut place</c> passes the place's own (unique) aggregate.</summary>
    private int LowerArgument(BoundExpr arg)
    {
        if (arg is BoundBorrow b) return b.Mutable ? LowerUniquePlace(b.Operand) : Lower(b.Operand);
        return LowerShared(arg);
    }

    private int LowerCall(BoundCall c)
    {
        var target = new CallTarget(c.CalleeName, c.Callee is BoundVariable { Kind: BoundKind.Global } gv ? gv.Index : -1);
        // A global callee is read by the call itself, after the arguments (the AST tier reads it before them):
        // the same value unless an argument assigns that global, and then the callee is read first.
        bool readByCall = c.Callee is BoundVariable { Kind: BoundKind.Global } g && !c.Args.Any(a => BoundTreeWalk.AssignsGlobal(a, g.Index));
        int callee = readByCall ? -1 : Lower(c.Callee);
        var operands = new int[c.Args.Length + (readByCall ? 0 : 1)];
        int first = readByCall ? 0 : 1;
        if (!readByCall) operands[0] = callee;
        for (int i = 0; i < c.Args.Length; i++) operands[first + i] = LowerArgument(c.Args[i]);
        return Emit(readByCall ? IrOp.CallGlobal : IrOp.Call, IrType.Any, c.Pos, Side(target), operands);
    }

    /// <summary>
    /// <c>receiver.name(args)</c>. On a place receiver the call is a terminator: when the method must change
    /// the place (a &amp;mut self method, push on a variable...) it takes the mutation edge, which makes the
    /// place's value unique, calls with CallMethodMut and stores a replaced value back into the place.
    /// </summary>
    private int LowerMethodCall(BoundMethodCall mc)
    {
        int argc = mc.Args.Length;
        var operands = new int[argc + 1];
        operands[0] = Lower(mc.Receiver);
        for (int i = 0; i < argc; i++) operands[1 + i] = LowerArgument(mc.Args[i]);
        int site = Side(new IrMethodSite(mc.Name, mc.Method, mc.ReceiverIsPlace, mc.IsStatement));
        if (!mc.ReceiverIsPlace) return Emit(IrOp.CallMethod, IrType.Any, mc.Pos, site, operands);
        if (mc.Receiver is BoundVariable { Kind: BoundKind.Local } local)
        {
            // A local receiver is changed in its own register by the call: the variable's next value is read there.
            int call = Emit(IrOp.CallMethodLocal, IrType.Any, mc.Pos, site, operands);
            _b.WriteVariable(local.Index, Emit(IrOp.ReceiverAfter, IrType.Any, mc.Pos, 0, call, operands[0]), mc.Pos);
            return call;
        }

        // Created in layout order: the mutation path right after the call, which skips over it when done.
        int mutate = _b.NewBlock("mutate_place");
        int store = _b.NewBlock("write_back");
        var (join, result) = NewJoin(mc.Pos, "method_done");
        _b.Terminate(IrOp.CallMethodPlace, mc.Pos, site, operands, join, mutate);
        Enter(mutate);
        operands[0] = LowerUniquePlace(mc.Receiver);
        int r = Emit(IrOp.CallMethodMut, IrType.Any, mc.Pos, site, operands);
        int writeBack = Emit(IrOp.WriteBack, IrType.Any, mc.Pos, 0, r);
        int t = _b.Terminate(IrOp.BranchNil, mc.Pos, 0, [writeBack], join, store);
        _f.Edge(t, 0).Args.Add(r);
        Enter(store);
        StoreToPlace(mc.Receiver, writeBack);
        _b.JumpIfOpen(join, mc.Pos, r);
        Enter(join);
        return result;
    }

    // ------------------------------------------------------------------ places

    /// <summary>
    /// The aggregate stored at <paramref name="place"/>, made unique (copied if shared) so it can be mutated;
    /// a non-place expression yields a private copy.
    /// </summary>
    private int LowerUniquePlace(BoundExpr place)
    {
        switch (place)
        {
            case BoundVariable v:
                switch (v.Kind)
                {
                    case BoundKind.Local:
                    {
                        int u = Emit(IrOp.Unique, IrType.Any, v.Pos, 0, _b.ReadVariable(v.Index, v.Pos));
                        _b.WriteVariable(v.Index, u, v.Pos);
                        return u;
                    }
                    case BoundKind.Cell: return Emit(IrOp.UniqueCell, IrType.Any, v.Pos, 0, _b.ReadVariable(v.Index, v.Pos));
                    case BoundKind.Upvalue: return Emit(IrOp.UniqueUpval, IrType.Any, v.Pos, v.Index);
                    default: return Emit(IrOp.UniqueGlobal, IrType.Any, v.Pos, v.Index);
                }
            case BoundField f:
            {
                int parent = LowerUniquePlace(f.Target);
                return Emit(IrOp.UniqueField, IrType.Any, f.Pos, Side(new FieldSite(f.Name, f.TupleIndex)), parent);
            }
            case BoundIndex ix:
            {
                int parent = LowerUniquePlace(ix.Target);
                int i = Lower(ix.IndexExpr);
                return Emit(IrOp.UniqueIndex, IrType.Any, ix.Pos, 0, parent, i);
            }
            default:
                return Emit(IrOp.CopyTemp, IrType.Any, place.Pos, 0, Lower(place));
        }
    }

    /// <summary>Stores a value (already shared as needed) into a place.</summary>
    private void StoreToPlace(BoundExpr place, int value)
    {
        switch (place)
        {
            case BoundVariable v:
                switch (v.Kind)
                {
                    case BoundKind.Local: _b.WriteVariable(v.Index, value, v.Pos); break;
                    case BoundKind.Cell: Emit(IrOp.SetCell, IrType.Bottom, v.Pos, 0, _b.ReadVariable(v.Index, v.Pos), value); break;
                    case BoundKind.Upvalue: Emit(IrOp.SetUpval, IrType.Bottom, v.Pos, v.Index, value); break;
                    default: Emit(IrOp.SetGlobal, IrType.Bottom, v.Pos, v.Index, value); break;
                }
                break;
            case BoundField f:
            {
                int parent = LowerUniquePlace(f.Target);
                Emit(IrOp.SetField, IrType.Bottom, f.Pos, Side(new FieldSite(f.Name, f.TupleIndex)), parent, value);
                break;
            }
            case BoundIndex ix:
            {
                int parent = LowerUniquePlace(ix.Target);
                int i = Lower(ix.IndexExpr);
                Emit(IrOp.SetIndex, IrType.Bottom, ix.Pos, 0, parent, i, value);
                break;
            }
            case BoundTupleLiteral t:
            {
                Emit(IrOp.Destructure, IrType.Bottom, t.Pos, t.Elements.Length, value);
                for (int i = 0; i < t.Elements.Length; i++)
                {
                    int item = Emit(IrOp.GetItem, IrType.Any, t.Pos, i, value);
                    StoreToPlace(t.Elements[i], Emit(IrOp.Share, IrType.Any, t.Pos, 0, item));
                }
                break;
            }
            case BoundUndefined u:
                Emit(IrOp.Undefined, IrType.Bottom, u.Pos, Side(SiteLowering.Undefined(u)));
                break;
            default:
                throw new InvalidOperationException("internal IR error: invalid assignment target");
        }
    }

    private void LowerAssign(BoundAssign a)
    {
        int v = LowerShared(a.Value);
        StoreToPlace(a.Target, v);
    }

    private void LowerCompoundAssign(BoundCompoundAssign a)
    {
        var op = IrOpInfo.FromBinary(a.Op);
        // The right side first (as the bytecode compilers do; with a constant right side the order cannot matter).
        int rhs = Lower(a.Value);
        int current = Lower(a.Target);
        int result = Emit(op, BinaryResultType(op), a.Pos, 0, current, rhs);
        StoreToPlace(a.Target, result);
    }
}
