using System.Text;
using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Interpreter;

internal sealed partial class TreeWalker
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
            catch (RuchyError err) when (LocateAndPass(err, f.Pos))
            {
                throw;
            }
        }
        try
        {
            return Operations.CompleteMacro(f.Action, text, left, right, _out, _err);
        }
        catch (RuchyError err) when (LocateAndPass(err, f.Pos))
        {
            throw;
        }
    }
}
