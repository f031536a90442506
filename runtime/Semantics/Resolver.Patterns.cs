using Ruchy.Syntax.Ast;
using Ruchy.Values;

namespace Ruchy.Semantics;

internal sealed partial class Resolver
{
    // Inside the second and later alternatives of an or-pattern, names bind to the variables the
    // first alternative declared (all alternatives must bind the same names).
    private Dictionary<string, BoundVariable>? _orBindings;

    private BoundPattern ResolvePattern(Pattern p, bool declare)
    {
        switch (p)
        {
            case WildcardPattern:
                return new BoundWildcardPattern(p.Pos);
            case BindingPattern b:
            {
                var target = Bind(b.Name, b.Pos);
                var sub = b.Subpattern != null ? ResolvePattern(b.Subpattern, declare) : null;
                return new BoundBindPattern(b.Pos, target, sub);
            }
            case LiteralPattern l:
                return new BoundLiteralPattern(l.Pos, l.Literal.ToValue());
            case RangePattern r:
                if (!(r.Low.IsNumber && r.High.IsNumber) && !(r.Low.IsString && r.High.IsString))
                    Error(r.Pos, "range patterns need numbers or characters on both ends");
                return new BoundRangePattern(r.Pos, r.Low.ToValue(), r.High.ToValue(), r.Inclusive);
            case TuplePattern t:
                return ResolveSequencePattern(PatternKind.Tuple, t.Pos, t.Items, declare);
            case ArrayPattern a:
                return ResolveSequencePattern(PatternKind.Array, a.Pos, a.Items, declare);
            case RestPattern rest:
                Error(rest.Pos, "'..' is only allowed inside tuple and array patterns");
                return new BoundWildcardPattern(rest.Pos);
            case VariantPattern v:
                return ResolveVariantPattern(v, declare);
            case StructPattern s:
                return ResolveStructPattern(s, declare);
            case OrPattern o:
            {
                var alts = new BoundPattern[o.Alternatives.Count];
                var saved = _orBindings;
                alts[0] = ResolvePattern(o.Alternatives[0], declare);
                var names = new Dictionary<string, BoundVariable>();
                CollectBindings(alts[0], names);
                _orBindings = names;
                for (int i = 1; i < alts.Length; i++) alts[i] = ResolvePattern(o.Alternatives[i], declare);
                _orBindings = saved;
                return new BoundOrPattern(o.Pos, alts);
            }
            default:
                Error(p.Pos, "unsupported pattern");
                return new BoundWildcardPattern(p.Pos);
        }
    }

    private BoundVariable Bind(string name, int pos)
    {
        if (_orBindings != null)
        {
            if (_orBindings.TryGetValue(name, out var existing))
            {
                return existing.Symbol.Kind == SymbolKind.Global
                    ? new BoundVariable(pos, existing.Symbol, BoundKind.Global, existing.Index)
                    : LocalReference(existing.Symbol, pos);
            }
            Error(pos, $"variable '{name}' is not bound in every alternative of the pattern");
        }
        return DeclareVariable(name, pos);
    }

    private static void CollectBindings(BoundPattern p, Dictionary<string, BoundVariable> into)
    {
        switch (p)
        {
            case BoundBindPattern b:
                into[b.Target.Name] = b.Target;
                if (b.Subpattern != null) CollectBindings(b.Subpattern, into);
                break;
            case BoundSequencePattern s:
                foreach (var x in s.Items) CollectBindings(x, into);
                if (s.RestBinding != null) into[s.RestBinding.Name] = s.RestBinding;
                break;
            case BoundVariantPattern { Items: { } items }:
                foreach (var x in items)
                    if (x != null) CollectBindings(x, into);
                break;
            case BoundStructPattern st:
                foreach (var x in st.Fields) CollectBindings(x, into);
                break;
            case BoundOrPattern o:
                CollectBindings(o.Alternatives[0], into);
                break;
        }
    }

    private BoundPattern ResolveSequencePattern(PatternKind kind, int pos, IReadOnlyList<Pattern> items, bool declare)
    {
        int restIndex = -1;
        BoundVariable? restBinding = null;
        var list = new List<BoundPattern>();
        foreach (var item in items)
        {
            if (item is RestPattern rest)
            {
                if (restIndex >= 0) Error(rest.Pos, "only one '..' is allowed in a pattern");
                restIndex = list.Count;
                if (rest.Name != null)
                {
                    if (kind == PatternKind.Tuple) Error(rest.Pos, "a tuple pattern cannot bind the rest to a name");
                    restBinding = Bind(rest.Name, rest.Pos);
                }
                continue;
            }
            list.Add(ResolvePattern(item, declare));
        }
        return new BoundSequencePattern(kind, pos, list.ToArray(), restIndex, restBinding);
    }

    private BoundPattern ResolveVariantPattern(VariantPattern v, bool declare)
    {
        var path = v.Path;
        RType? type = null;
        int variant = -1;
        string last = path[^1];
        if (path.Count == 1)
        {
            switch (last)
            {
                case "None": type = RType.Option; variant = RType.NoneVariant; break;
                case "Some": type = RType.Option; variant = RType.SomeVariant; break;
                case "Ok": type = RType.Result; variant = RType.OkVariant; break;
                case "Err": type = RType.Result; variant = RType.ErrVariant; break;
                default:
                    if (_types.TryGetValue(last, out var ts) && ts.Shape != TypeShape.Enum)
                        return ResolveTupleStructPattern(v, ts, declare);
                    if (_bareVariants.TryGetValue(last, out var bv) && v.Items == null)
                    {
                        type = bv.Type;
                        variant = bv.Variant;
                    }
                    else if (FindVariantByName(last, out var t2, out int v2))
                    {
                        type = t2;
                        variant = v2;
                    }
                    break;
            }
        }
        else if (TryGetType(path[^2], out var t) && t.Shape == TypeShape.Enum)
        {
            type = t;
            if (!t.VariantIndex.TryGetValue(last, out variant))
            {
                Error(v.Pos, $"enum '{t.Name}' has no variant '{last}'");
                return new BoundWildcardPattern(v.Pos);
            }
        }
        else if (path.Count >= 2 && TryGetType(path[^1], out var ts2) && ts2.Shape != TypeShape.Enum)
        {
            return ResolveTupleStructPattern(v, ts2, declare);
        }
        if (type == null && v.Items == null && path.Count == 1 && _globals.TryGetValue(last, out var constant) && constant.ConstValue is { } cv)
            return new BoundLiteralPattern(v.Pos, cv);
        if (type == null)
        {
            if (v.Items == null && path.Count == 1 && _globals.ContainsKey(last))
                Error(v.Pos, $"constant '{last}' cannot be used as a pattern; use a guard: x if x == {last}");
            else Error(v.Pos, $"unknown enum variant '{string.Join("::", path)}' in pattern");
            return new BoundWildcardPattern(v.Pos);
        }
        var info = type.Variants[variant];
        if (v.Items == null) return new BoundVariantPattern(v.Pos, type, variant, null);
        var items = ResolvePayloadPatterns(v.Pos, v.Items, info.FieldNames.Length, $"{type.Name}::{info.Name}", declare);
        return new BoundVariantPattern(v.Pos, type, variant, items);
    }

    private bool FindVariantByName(string name, out RType type, out int variant)
    {
        foreach (var t in _typeOrder)
        {
            if (t.Shape == TypeShape.Enum && t.VariantIndex.TryGetValue(name, out variant))
            {
                type = t;
                return true;
            }
        }
        type = null!;
        variant = -1;
        return false;
    }

    /// <summary>Payload patterns matched by position; a <c>..</c> skips the middle.</summary>
    private BoundPattern[] ResolvePayloadPatterns(int pos, IReadOnlyList<Pattern> items, int count, string what, bool declare)
    {
        var result = new BoundPattern[count];
        int restAt = -1;
        for (int i = 0; i < items.Count; i++)
            if (items[i] is RestPattern) restAt = i;
        int front = restAt < 0 ? items.Count : restAt;
        int back = restAt < 0 ? 0 : items.Count - restAt - 1;
        if (restAt < 0 && items.Count != count || restAt >= 0 && front + back > count)
            Error(pos, $"pattern for '{what}' has {items.Count} field{(items.Count == 1 ? "" : "s")}, but it has {count}");
        for (int i = 0; i < front && i < count; i++) result[i] = ResolvePattern(items[i], declare);
        for (int j = 0; j < back; j++)
        {
            int target = count - back + j;
            if (target >= 0 && target < count) result[target] = ResolvePattern(items[restAt + 1 + j], declare);
        }
        for (int i = 0; i < count; i++) result[i] ??= new BoundWildcardPattern(pos);
        return result;
    }

    private BoundPattern ResolveTupleStructPattern(VariantPattern v, RType type, bool declare)
    {
        if (v.Items == null)
        {
            Error(v.Pos, $"'{type.Name}' needs field patterns here");
            return new BoundWildcardPattern(v.Pos);
        }
        var items = ResolvePayloadPatterns(v.Pos, v.Items, type.FieldNames.Length, type.Name, declare);
        var indices = new int[items.Length];
        for (int i = 0; i < indices.Length; i++) indices[i] = i;
        return new BoundStructPattern(v.Pos, type, indices, items);
    }

    private BoundPattern ResolveStructPattern(StructPattern s, bool declare)
    {
        var path = s.Path;
        if (path.Count >= 2 && TryGetType(path[^2], out var et) && et.Shape == TypeShape.Enum)
        {
            if (!et.VariantIndex.TryGetValue(path[^1], out int vi))
            {
                Error(s.Pos, $"enum '{et.Name}' has no variant '{path[^1]}'");
                return new BoundWildcardPattern(s.Pos);
            }
            var info = et.Variants[vi];
            var items = new BoundPattern[info.FieldNames.Length];
            foreach (var f in s.Fields)
            {
                int fi = Array.IndexOf(info.FieldNames, f.Name);
                if (fi < 0) Error(s.Pos, $"variant '{et.Name}::{info.Name}' has no field '{f.Name}'");
                else items[fi] = ResolvePattern(f.Pattern, declare);
            }
            for (int i = 0; i < items.Length; i++) items[i] ??= new BoundWildcardPattern(s.Pos);
            return new BoundVariantPattern(s.Pos, et, vi, items);
        }
        if (!TryGetType(path[^1], out var type) || type.Shape == TypeShape.Enum)
        {
            Error(s.Pos, $"unknown struct '{string.Join("::", path)}' in pattern");
            return new BoundWildcardPattern(s.Pos);
        }
        var indices = new List<int>();
        var pats = new List<BoundPattern>();
        foreach (var f in s.Fields)
        {
            if (!type.FieldIndex.TryGetValue(f.Name, out int fi))
            {
                Error(s.Pos, $"struct '{type.Name}' has no field '{f.Name}'");
                continue;
            }
            indices.Add(fi);
            pats.Add(ResolvePattern(f.Pattern, declare));
        }
        return new BoundStructPattern(s.Pos, type, indices.ToArray(), pats.ToArray());
    }
}
