namespace Ruchy.Semantics;

/// <summary>Generic traversal of the resolved tree (children of a node) and queries built on it.</summary>
internal static class BoundTreeWalk
{
    /// <summary>True when the expression always produces a new value (no second holder), so storing it needs no share mark.</summary>
    public static bool IsFresh(BoundExpr e) => e.Kind switch
    {
        BoundKind.Const or BoundKind.Binary or BoundKind.Unary or BoundKind.ArrayLiteral or BoundKind.ArrayRepeat
            or BoundKind.TupleLiteral or BoundKind.MapLiteral or BoundKind.StructLiteral or BoundKind.VariantCtor
            or BoundKind.Range or BoundKind.FString or BoundKind.Format or BoundKind.Lambda or BoundKind.IncDec
            or BoundKind.Assign or BoundKind.CompoundAssign => true,
        _ => false,
    };

    /// <summary>The direct sub-expressions of a node (nested function bodies excluded: they run elsewhere).</summary>
    public static IEnumerable<BoundExpr> Children(BoundExpr e)
    {
        switch (e)
        {
            case BoundFString f:
                foreach (var p in f.Parts)
                    if (p.Expr != null) yield return p.Expr;
                break;
            case BoundUnary u: yield return u.Operand; break;
            case BoundBorrow b: yield return b.Operand; break;
            case BoundBinary b: yield return b.Left; yield return b.Right; break;
            case BoundLogical l: yield return l.Left; yield return l.Right; break;
            case BoundAssign a: yield return a.Target; yield return a.Value; break;
            case BoundCompoundAssign c: yield return c.Target; yield return c.Value; break;
            case BoundIncDec d: yield return d.Target; break;
            case BoundCall c:
                yield return c.Callee;
                foreach (var a in c.Args) yield return a;
                break;
            case BoundCallNative n:
                foreach (var a in n.Args) yield return a;
                break;
            case BoundMethodCall m:
                yield return m.Receiver;
                foreach (var a in m.Args) yield return a;
                break;
            case BoundVariantCtor v:
                foreach (var a in v.Args) yield return a;
                break;
            case BoundStructLiteral s:
                foreach (var f in s.Fields)
                    if (f != null) yield return f;
                if (s.Base != null) yield return s.Base;
                break;
            case BoundField f: yield return f.Target; break;
            case BoundIndex i: yield return i.Target; yield return i.IndexExpr; break;
            case BoundTry t: yield return t.Operand; break;
            case BoundCast c: yield return c.Operand; break;
            case BoundRange r:
                if (r.Start != null) yield return r.Start;
                if (r.End != null) yield return r.End;
                break;
            case BoundArrayLiteral a:
                foreach (var x in a.Elements) yield return x;
                break;
            case BoundArrayRepeat r: yield return r.Element; yield return r.Count; break;
            case BoundTupleLiteral t:
                foreach (var x in t.Elements) yield return x;
                break;
            case BoundMapLiteral m:
                foreach (var x in m.Values) yield return x;
                break;
            case BoundBlock b:
                foreach (var x in b.Statements) yield return x;
                break;
            case BoundLet l:
                if (l.Init != null) yield return l.Init;
                if (l.Else != null) yield return l.Else;
                break;
            case BoundIf i:
                yield return i.Condition;
                yield return i.Then;
                if (i.Else != null) yield return i.Else;
                break;
            case BoundIfLet il:
                yield return il.Value;
                yield return il.Then;
                if (il.Else != null) yield return il.Else;
                break;
            case BoundMatch m:
                yield return m.Scrutinee;
                foreach (var arm in m.Arms)
                {
                    if (arm.Guard != null) yield return arm.Guard;
                    yield return arm.Body;
                }
                break;
            case BoundWhile w: yield return w.Condition; yield return w.Body; break;
            case BoundWhileLet wl: yield return wl.Value; yield return wl.Body; break;
            case BoundLoop l: yield return l.Body; break;
            case BoundFor f: yield return f.Iterable; yield return f.Body; break;
            case BoundBreak b:
                if (b.Value != null) yield return b.Value;
                break;
            case BoundReturn r:
                if (r.Value != null) yield return r.Value;
                break;
            case BoundFormat f:
                foreach (var x in f.Checked) yield return x;
                foreach (var x in f.Args) yield return x;
                break;
        }
    }

    /// <summary>
    /// True if evaluating <paramref name="e"/> may rebind local slot <paramref name="slot"/>: an assignment
    /// to it, or a mutation through it that can replace its value (a method call on it, <c>&amp;mut</c> of it).
    /// </summary>
    public static bool AssignsSlot(BoundExpr e, int slot)
    {
        switch (e)
        {
            case BoundAssign a when IsRootedAt(a.Target, slot): return true;
            case BoundCompoundAssign c when IsRootedAt(c.Target, slot): return true;
            case BoundIncDec d when IsRootedAt(d.Target, slot): return true;
            case BoundMethodCall m when m.ReceiverIsPlace && IsRootedAt(m.Receiver, slot): return true;
            case BoundBorrow { Mutable: true } b when IsRootedAt(b.Operand, slot): return true;
        }
        foreach (var child in Children(e))
            if (AssignsSlot(child, slot)) return true;
        return false;
    }

    /// <summary>True if evaluating <paramref name="e"/> may assign global <paramref name="index"/>
    /// (directly, or by calling anything: a called function may assign it).</summary>
    public static bool AssignsGlobal(BoundExpr e, int index)
    {
        switch (e)
        {
            case BoundAssign { Target: BoundVariable { Kind: BoundKind.Global } v } when v.Index == index: return true;
            case BoundCompoundAssign { Target: BoundVariable { Kind: BoundKind.Global } v } when v.Index == index: return true;
            case BoundCall or BoundMethodCall or BoundCallNative: return true;
        }
        foreach (var child in Children(e))
            if (AssignsGlobal(child, index)) return true;
        return false;
    }

    private static bool IsRootedAt(BoundExpr place, int slot) => place switch
    {
        BoundVariable { Kind: BoundKind.Local } v => v.Index == slot,
        BoundField f => IsRootedAt(f.Target, slot),
        BoundIndex i => IsRootedAt(i.Target, slot),
        BoundTupleLiteral t => t.Elements.Any(x => IsRootedAt(x, slot)),
        _ => false,
    };
}
