using Ruchy.Builtins;
using Ruchy.Formatting;
using Ruchy.Syntax.Ast;
using Ruchy.Values;

namespace Ruchy.Semantics;

internal sealed partial class Resolver
{
    private BoundExpr ResolveMacro(MacroExpr m)
    {
        switch (m.Name)
        {
            case "vec":
                if (m.RepeatCount != null) return new BoundArrayRepeat(m.Pos, ResolveExpr(m.Args[0]), ResolveExpr(m.RepeatCount));
                return new BoundArrayLiteral(m.Pos, ResolveList(m.Args));
            case "println":
                return ResolveFormatMacro(m, FormatAction.PrintLine, 0);
            case "print":
                return ResolveFormatMacro(m, FormatAction.Print, 0);
            case "eprintln":
                return ResolveFormatMacro(m, FormatAction.EPrintLine, 0);
            case "eprint":
                return ResolveFormatMacro(m, FormatAction.EPrint, 0);
            case "format":
                return ResolveFormatMacro(m, FormatAction.Format, 0);
            case "panic":
                return ResolveFormatMacro(m, FormatAction.Panic, 0);
            case "unreachable":
                return ResolveFormatMacro(m, FormatAction.Unreachable, 0);
            case "todo":
            case "unimplemented":
                return ResolveFormatMacro(m, FormatAction.Todo, 0);
            case "assert":
                if (m.Args.Count < 1) break;
                return ResolveFormatMacro(m, FormatAction.Assert, 1);
            case "assert_eq":
                if (m.Args.Count < 2) break;
                return ResolveFormatMacro(m, FormatAction.AssertEq, 2);
            case "assert_ne":
                if (m.Args.Count < 2) break;
                return ResolveFormatMacro(m, FormatAction.AssertNe, 2);
            case "debug_assert":
                if (m.Args.Count < 1) break;
                return ResolveFormatMacro(m, FormatAction.Assert, 1);
            case "dbg":
                if (m.Args.Count != 1) break;
                return new BoundCallNative(m.Pos, BuiltinFunction.Dbg, ResolveList(m.Args));
            default:
                Error(m.Pos, $"unknown macro '{m.Name}!'");
                foreach (var a in m.Args) ResolveExpr(a);
                return new BoundConst(m.Pos, Value.Nil);
        }
        Error(m.Pos, $"wrong number of arguments to '{m.Name}!'");
        return new BoundConst(m.Pos, Value.Nil);
    }

    /// <summary>
    /// Binds a formatting macro: the first <paramref name="checkedCount"/> arguments are the checked
    /// operands (assert macros), then an optional literal format string and its arguments. Every
    /// argument piece gets an explicit index; <c>{name}</c> captures become extra arguments.
    /// </summary>
    private BoundExpr ResolveFormatMacro(MacroExpr m, FormatAction action, int checkedCount)
    {
        var checkedExprs = new BoundExpr[checkedCount];
        for (int i = 0; i < checkedCount; i++) checkedExprs[i] = ResolveExpr(m.Args[i]);
        int fmtAt = checkedCount;
        if (m.Args.Count <= fmtAt) return new BoundFormat(m.Pos, action, null, Array.Empty<BoundExpr>(), checkedExprs);

        var fmtExpr = m.Args[fmtAt];
        if (fmtExpr is not LiteralExpr { Literal.Kind: LiteralKind.Str } lit)
        {
            // println!(x) without a format string: Display of x.
            var pieces1 = new List<FormatPiece> { new ArgumentPiece(0, null, FormatSpec.Default, "") };
            var all = new List<BoundExpr> { ResolveExpr(fmtExpr) };
            if (m.Args.Count > fmtAt + 1) Error(m.Args[fmtAt + 1].Pos, $"'{m.Name}!' needs a string literal as its format when given several arguments");
            return new BoundFormat(m.Pos, action, pieces1, all.ToArray(), checkedExprs);
        }

        var args = new List<BoundExpr>();
        var named = new Dictionary<string, int>();
        for (int i = fmtAt + 1; i < m.Args.Count; i++)
        {
            if (m.Args[i] is AssignExpr { Op: null, Target: NameExpr n } a)
            {
                named[n.Name] = args.Count;
                args.Add(ResolveExpr(a.Value));
            }
            else args.Add(ResolveExpr(m.Args[i]));
        }
        int positionalCount = args.Count - named.Count;

        if (!FormatString.TryParse(lit.Literal.AsString, out var pieces, out var error))
        {
            if (args.Count == 0)
            {
                // ruchy prints such text as written ("0->{1,2}->3"); Rust would reject it.
                Warning(lit.Pos, (error ?? "invalid format string") + "; printed as written");
                return new BoundFormat(m.Pos, action, new FormatPiece[] { new LiteralPiece(lit.Literal.AsString) }, Array.Empty<BoundExpr>(), checkedExprs);
            }
            Error(lit.Pos, error ?? "invalid format string");
            return new BoundFormat(m.Pos, action, Array.Empty<FormatPiece>(), args.ToArray(), checkedExprs);
        }

        var resolved = new List<FormatPiece>(pieces.Count);
        int next = 0;
        var used = new bool[args.Count];
        foreach (var piece in pieces)
        {
            if (piece is not ArgumentPiece ap)
            {
                resolved.Add(piece);
                continue;
            }
            int index;
            if (ap.Name != null)
            {
                if (!named.TryGetValue(ap.Name, out index))
                {
                    // Rust 2021 implicit capture: {x} reads the variable x.
                    named[ap.Name] = index = args.Count;
                    args.Add(LookupVariable(ap.Name, lit.Pos) ?? Undefined(lit.Pos, ap.Name));
                    Array.Resize(ref used, args.Count);
                }
            }
            else if (ap.Index != null)
            {
                index = ap.Index.Value;
            }
            else
            {
                index = next++;
            }
            if (index >= args.Count)
            {
                Error(lit.Pos, $"format string needs argument {index + 1}, but {m.Name}! was given {positionalCount}");
                continue;
            }
            used[index] = true;
            resolved.Add(ap with { Index = index, Name = null });
        }
        for (int i = 0; i < positionalCount; i++)
            if (!used[i]) Error(m.Args[fmtAt + 1 + i].Pos, $"argument never used in format string of {m.Name}!");
        return new BoundFormat(m.Pos, action, resolved, args.ToArray(), checkedExprs);
    }
}
