using Ruchy.Execution;
using Ruchy.Semantics;
using Ruchy.Values;

namespace Ruchy.Interpreter;

internal sealed partial class TreeWalker
{
    /// <summary>Tests <paramref name="v"/> against a pattern, binding variables as it goes.</summary>
    private bool MatchPattern(BoundPattern p, Value v, int fp)
    {
        switch (p.Kind)
        {
            case PatternKind.Wildcard:
                return true;
            case PatternKind.Bind:
            {
                var b = (BoundBindPattern)p;
                if (b.Subpattern != null && !MatchPattern(b.Subpattern, v, fp)) return false;
                BindVariable(b.Target, v.Share(), fp);
                return true;
            }
            case PatternKind.Literal:
                return ValueEquality.AreEqual(((BoundLiteralPattern)p).Value, v);
            case PatternKind.Range:
            {
                var r = (BoundRangePattern)p;
                return Operations.InRange(v, r.Low, r.High, r.Inclusive);
            }
            case PatternKind.Tuple:
            case PatternKind.Array:
            {
                var s = (BoundSequencePattern)p;
                ReadOnlySpan<Value> items;
                if (v.Kind == ValueKind.Tuple) items = v.AsTuple.Items;
                else if (v.Kind == ValueKind.Array) items = v.AsArray.AsSpan();
                else if (v.IsNil && s.Items.Length == 0 && p.Kind == PatternKind.Tuple) return true;
                else return false;
                return MatchSequence(s, items, fp);
            }
            case PatternKind.Variant:
            {
                var vp = (BoundVariantPattern)p;
                if (!Operations.IsVariant(v, vp.Type, vp.Variant)) return false;
                if (vp.Items == null) return true;
                for (int i = 0; i < vp.Items.Length; i++)
                    if (!MatchPattern(vp.Items[i], Operations.VariantPayload(v, i), fp)) return false;
                return true;
            }
            case PatternKind.Struct:
            {
                var sp = (BoundStructPattern)p;
                if (v.Kind != ValueKind.Struct || !ReferenceEquals(v.AsStruct.Type, sp.Type)) return false;
                var fields = v.AsStruct.Fields;
                for (int i = 0; i < sp.Fields.Length; i++)
                    if (!MatchPattern(sp.Fields[i], fields[sp.FieldIndices[i]], fp)) return false;
                return true;
            }
            case PatternKind.Or:
                foreach (var alt in ((BoundOrPattern)p).Alternatives)
                    if (MatchPattern(alt, v, fp)) return true;
                return false;
            default:
                return false;
        }
    }

    private bool MatchSequence(BoundSequencePattern s, ReadOnlySpan<Value> items, int fp)
    {
        int n = s.Items.Length;
        if (s.RestIndex < 0)
        {
            if (items.Length != n) return false;
            for (int i = 0; i < n; i++)
                if (!MatchPattern(s.Items[i], items[i], fp)) return false;
            return true;
        }
        if (items.Length < n) return false;
        int front = s.RestIndex;
        int back = n - front;
        for (int i = 0; i < front; i++)
            if (!MatchPattern(s.Items[i], items[i], fp)) return false;
        for (int j = 0; j < back; j++)
            if (!MatchPattern(s.Items[front + j], items[items.Length - back + j], fp)) return false;
        if (s.RestBinding != null)
            BindVariable(s.RestBinding, Value.FromArray(RArray.CopyOf(items[front..(items.Length - back)])), fp);
        return true;
    }
}
