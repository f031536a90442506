using System.Text;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Interpreter;

public sealed partial class TreeWalker
{
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
            if (Operations.AssertPasses(f.Action, left, right)) return Value.Nil;
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
            try
            {
                text = Operations.Format(f.Pieces, args);
            }
            catch (RuchyError err)
            {
                Locate(err, f.Pos);
                throw;
            }
        }
        switch (f.Action)
        {
            case FormatAction.Format:
                return Value.FromString(text ?? "");
            case FormatAction.Print:
            case FormatAction.PrintLine:
            case FormatAction.EPrint:
            case FormatAction.EPrintLine:
                Operations.Print(f.Action, text, _out, _err);
                return Value.Nil;
            default:
                throw Located(Operations.MacroFailure(f.Action, text, left, right), f.Pos);
        }
    }
}
