using Ruchy.Syntax.Ast;

namespace Ruchy.Syntax;

/// <summary>
/// Measures a parse tree's depth without recursion (an explicit stack), so that a tree too deep for the
/// passes after the parser, which do recurse, is reported instead of overflowing the host's stack.
/// Patterns are not visited: the parser's nesting limit already bounds them.
/// </summary>
internal static class TreeDepth
{
    /// <summary>The position of the first node deeper than <paramref name="limit"/> (top-level statements at depth 1), or null when there is none.</summary>
    public static int? FindTooDeep(IEnumerable<Stmt> statements, int limit)
    {
        var stack = new Stack<(Node Node, int Depth)>();
        foreach (var s in statements) stack.Push((s, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > limit) return node.Pos;
            int next = depth + 1;
            void Add(Node? child)
            {
                // Leaves (most nodes) need no visit unless they are the one past the limit.
                if (child == null || (next <= limit && child is LiteralExpr or NameExpr)) return;
                stack.Push((child, next));
            }
            // The most frequent nodes first: a type switch tests its cases in order.
            switch (node)
            {
                case ExprStmt e: Add(e.Expr); break;
                case LetStmt l: Add(l.Init); Add(l.Else); break;
                case UnaryExpr u: Add(u.Operand); break;
                case BinaryExpr b: Add(b.Left); Add(b.Right); break;
                case AssignExpr a: Add(a.Target); Add(a.Value); break;
                case IncDecExpr i: Add(i.Target); break;
                case CallExpr c:
                    Add(c.Callee);
                    foreach (var arg in c.Args) Add(arg.Value);
                    break;
                case MacroExpr m:
                    foreach (var arg in m.Args) Add(arg);
                    Add(m.RepeatCount);
                    break;
                case MethodCallExpr m:
                    Add(m.Receiver);
                    foreach (var arg in m.Args) Add(arg.Value);
                    break;
                case FieldExpr f: Add(f.Target); break;
                case IndexExpr i: Add(i.Target); Add(i.Index); break;
                case TryExpr t: Add(t.Operand); break;
                case CastExpr c: Add(c.Operand); break;
                case RangeExpr r: Add(r.Start); Add(r.End); break;
                case ArrayExpr a:
                    foreach (var e in a.Elements) Add(e);
                    break;
                case ArrayRepeatExpr a: Add(a.Element); Add(a.Count); break;
                case TupleExpr t:
                    foreach (var e in t.Elements) Add(e);
                    break;
                case ObjectExpr o:
                    foreach (var entry in o.Entries) Add(entry.Value);
                    break;
                case StructLiteralExpr s:
                    foreach (var field in s.Fields) Add(field.Value);
                    Add(s.Base);
                    break;
                case BlockExpr b:
                    foreach (var st in b.Statements) Add(st);
                    break;
                case IfExpr i: Add(i.Condition); Add(i.Then); Add(i.Else); break;
                case IfLetExpr i: Add(i.Value); Add(i.Then); Add(i.Else); break;
                case TernaryExpr t: Add(t.Condition); Add(t.Then); Add(t.Else); break;
                case MatchExpr m:
                    Add(m.Scrutinee);
                    foreach (var arm in m.Arms)
                    {
                        Add(arm.Guard);
                        Add(arm.Body);
                    }
                    break;
                case WhileExpr w: Add(w.Condition); Add(w.Body); break;
                case WhileLetExpr w: Add(w.Value); Add(w.Body); break;
                case LoopExpr l: Add(l.Body); break;
                case ForExpr f: Add(f.Iterable); Add(f.Body); break;
                case BreakExpr b: Add(b.Value); break;
                case ReturnExpr r: Add(r.Value); break;
                case LambdaExpr l:
                    foreach (var p in l.Params) Add(p.Default);
                    Add(l.Body);
                    break;
                case FunDecl f:
                    foreach (var p in f.Params) Add(p.Default);
                    Add(f.Body);
                    break;
                case StructDecl s:
                    foreach (var field in s.Fields) Add(field.Default);
                    foreach (var m in s.Methods) Add(m);
                    break;
                case EnumDecl en:
                    foreach (var v in en.Variants) Add(v.Discriminant);
                    break;
                case ImplDecl i:
                    foreach (var m in i.Methods) Add(m);
                    break;
                case TraitDecl t:
                    foreach (var m in t.DefaultMethods) Add(m);
                    break;
                case FStringExpr f:
                    foreach (var part in f.Parts) Add(part.Expr);
                    break;
            }
        }
        return null;
    }
}
