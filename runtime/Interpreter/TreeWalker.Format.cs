using System.Text;
using Ruchy.Formatting;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Interpreter;

public sealed partial class TreeWalker
{
    private static readonly Dictionary<string, FormatSpec> SpecCache = new();

    private FormatSpec ParseSpec(string spec, int pos)
    {
        lock (SpecCache)
        {
            if (SpecCache.TryGetValue(spec, out var cached)) return cached;
            if (!FormatSpec.TryParse(spec, out var parsed, out var error)) throw Error(pos, error ?? $"invalid format spec '{spec}'");
            SpecCache[spec] = parsed;
            return parsed;
        }
    }

    /// <summary>Formats one value by a spec like ".2", ">8", "?" (f-strings and the Rust macros).</summary>
    private string FormatWithSpec(Value v, string specText, int pos, bool interpolated)
    {
        var spec = ParseSpec(specText, pos);
        return FormatValue(v, spec, interpolated);
    }

    private static string FormatValue(Value v, FormatSpec spec, bool interpolated)
    {
        if (spec.Type is "?")
            return spec.Pad(ValueFormatter.Debug(v), v.IsNumber);
        switch (v.Kind)
        {
            case ValueKind.Int:
                // ruchy formats an integer with a precision as a float ({x:.2} of 5 is "5.00").
                return spec.Precision != null ? FormatString.FormatFloat(v.AsInt, spec) : FormatString.FormatInt(v.AsInt, spec);
            case ValueKind.Float:
                return FormatString.FormatFloat(v.AsFloat, spec);
            case ValueKind.Str:
                return FormatString.FormatStr(v.AsString, spec);
            default:
                return spec.Pad(interpolated ? ValueFormatter.Interpolated(v) : ValueFormatter.Display(v), false);
        }
    }

    private Value EvalFormat(BoundFormat f, int fp)
    {
        // Checked operands of assert macros come first.
        Value left = default, right = default;
        if (f.Checked.Length > 0)
        {
            left = Eval(f.Checked[0], fp);
            if (_signal != Signal.None) return default;
            if (f.Checked.Length > 1)
            {
                right = Eval(f.Checked[1], fp);
                if (_signal != Signal.None) return default;
            }
            bool ok = f.Action switch
            {
                FormatAction.Assert => left.IsTruthy,
                FormatAction.AssertEq => ValueEquality.AreEqual(left, right),
                _ => !ValueEquality.AreEqual(left, right),
            };
            if (ok) return Value.Nil;
        }
        string? text = null;
        if (f.Pieces != null)
        {
            var args = new Value[f.Args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = Eval(f.Args[i], fp);
                if (_signal != Signal.None) return default;
            }
            var sb = new StringBuilder();
            foreach (var piece in f.Pieces)
            {
                if (piece is LiteralPiece lit) sb.Append(lit.Text);
                else if (piece is ArgumentPiece ap) sb.Append(FormatValue(args[ap.Index!.Value], ap.Spec, false));
            }
            text = sb.ToString();
        }
        switch (f.Action)
        {
            case FormatAction.Format:
                return Value.FromString(text ?? "");
            case FormatAction.Print:
                _out.Write(text);
                return Value.Nil;
            case FormatAction.PrintLine:
                _out.Write(text);
                _out.Write('\n');
                return Value.Nil;
            case FormatAction.EPrint:
            case FormatAction.EPrintLine:
                _out.Flush();
                _err.Write(text);
                if (f.Action == FormatAction.EPrintLine) _err.Write('\n');
                return Value.Nil;
            case FormatAction.Panic:
                throw Error(f.Pos, text != null ? "panicked: " + text : "panicked: explicit panic");
            case FormatAction.Unreachable:
                throw Error(f.Pos, text != null ? "internal error: entered unreachable code: " + text : "internal error: entered unreachable code");
            case FormatAction.Todo:
                throw Error(f.Pos, text != null ? "not yet implemented: " + text : "not yet implemented");
            case FormatAction.Assert:
                throw Error(f.Pos, text != null ? "Assertion failed: " + text : "Assertion failed");
            default:
            {
                string what = f.Action == FormatAction.AssertEq ? "left == right" : "left != right";
                string detail = $"left: {ValueFormatter.Repr(left)}, right: {ValueFormatter.Repr(right)}";
                throw Error(f.Pos, text != null ? $"Assertion failed: {text} ({detail})" : $"Assertion failed: {what} ({detail})");
            }
        }
    }
}
