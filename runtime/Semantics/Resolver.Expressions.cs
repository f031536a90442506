using System.Globalization;
using Ruchy.Builtins;
using Ruchy.Core;
using Ruchy.Syntax.Ast;
using Ruchy.Values;

namespace Ruchy.Semantics;

internal sealed partial class Resolver
{
    private BoundExpr ResolveExpr(Expr e)
    {
        switch (e)
        {
            case LiteralExpr lit:
                return new BoundConst(lit.Pos, lit.Literal.ToValue());
            case FStringExpr fs:
                return ResolveFString(fs);
            case NameExpr n:
                return ResolveName(n);
            case PathExpr p:
                return ResolvePath(p, isCallee: false);
            case SelfExpr s:
                return LookupVariable("self", s.Pos) ?? Undefined(s.Pos, "self", "'self' used outside of a method");
            case UnaryExpr u:
                return u.Op switch
                {
                    // References and dereferences are no-ops at run time: values are copied on write.
                    UnaryOp.Ref or UnaryOp.RefMut or UnaryOp.Deref => ResolveExpr(u.Operand),
                    _ => new BoundUnary(u.Pos, u.Op, ResolveExpr(u.Operand)),
                };
            case BinaryExpr b:
                if (b.Op is BinaryOp.And or BinaryOp.Or or BinaryOp.NullCoalesce)
                    return new BoundLogical(b.Pos, b.Op, ResolveExpr(b.Left), ResolveExpr(b.Right));
                return new BoundBinary(b.Pos, b.Op, ResolveExpr(b.Left), ResolveExpr(b.Right));
            case AssignExpr a:
            {
                var value = ResolveExpr(a.Value);
                var target = ResolvePlace(a.Target);
                if (a.Op is { } op) return new BoundCompoundAssign(a.Pos, op, target, value);
                return new BoundAssign(a.Pos, target, value);
            }
            case IncDecExpr id:
                return new BoundIncDec(id.Pos, ResolvePlace(id.Target), id.Increment, id.Prefix);
            case CallExpr c:
                return ResolveCall(c);
            case MacroExpr m:
                return ResolveMacro(m);
            case MethodCallExpr mc:
            {
                // JSON.parse(s): a built-in namespace, unless the program declares that name itself.
                if (mc.Receiver is NameExpr ns && !mc.Optional && BuiltinTable.TryGet(ns.Name + "." + mc.Name, out var nsEntry)
                    && !_types.ContainsKey(ns.Name) && LookupVariable(ns.Name, ns.Pos) == null)
                    return MakeNativeCall(new CallExpr(mc.Pos, mc.Receiver, mc.Args), ns.Name + "." + mc.Name, nsEntry);
                var receiver = ResolveExpr(mc.Receiver);
                var args = new BoundExpr[mc.Args.Count];
                for (int i = 0; i < args.Length; i++)
                {
                    if (mc.Args[i].Name != null) Error(mc.Args[i].Value.Pos, "named arguments are not supported in method calls");
                    args[i] = ResolveArgument(mc.Args[i].Value);
                }
                return new BoundMethodCall(mc.Pos, receiver, mc.Name, MethodNames.Lookup(mc.Name), args, IsPlace(receiver));
            }
            case FieldExpr f:
            {
                var target = ResolveExpr(f.Target);
                int tupleIndex = int.TryParse(f.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int ti) ? ti : -1;
                return new BoundField(f.Pos, target, f.Name, tupleIndex);
            }
            case IndexExpr ix:
                return new BoundIndex(ix.Pos, ResolveExpr(ix.Target), ResolveExpr(ix.Index));
            case TryExpr t:
                return new BoundTry(t.Pos, ResolveExpr(t.Operand));
            case CastExpr cast:
                return ResolveCast(cast);
            case RangeExpr r:
                return new BoundRange(r.Pos, r.Start != null ? ResolveExpr(r.Start) : null, r.End != null ? ResolveExpr(r.End) : null, r.Inclusive);
            case ArrayExpr arr:
                return new BoundArrayLiteral(arr.Pos, ResolveList(arr.Elements));
            case ArrayRepeatExpr rep:
                return new BoundArrayRepeat(rep.Pos, ResolveExpr(rep.Element), ResolveExpr(rep.Count));
            case TupleExpr tup:
                return new BoundTupleLiteral(tup.Pos, ResolveList(tup.Elements));
            case ObjectExpr obj:
            {
                var keys = new string?[obj.Entries.Count];
                var values = new BoundExpr[obj.Entries.Count];
                for (int i = 0; i < keys.Length; i++)
                {
                    keys[i] = obj.Entries[i].Key;
                    values[i] = ResolveExpr(obj.Entries[i].Value);
                }
                return new BoundMapLiteral(obj.Pos, keys, values);
            }
            case StructLiteralExpr sl:
                return ResolveStructLiteral(sl);
            case BlockExpr block:
                return ResolveBlockExpr(block);
            case IfExpr ife:
                return new BoundIf(ife.Pos, ResolveExpr(ife.Condition), ResolveBlockExpr(ife.Then), ife.Else != null ? ResolveExpr(ife.Else) : null);
            case TernaryExpr te:
                return new BoundIf(te.Pos, ResolveExpr(te.Condition), ResolveExpr(te.Then), ResolveExpr(te.Else));
            case IfLetExpr il:
            {
                var value = ResolveExpr(il.Value);
                int saved = _scope.NextSlot;
                PushBlock();
                var pattern = ResolvePattern(il.Pattern, declare: true);
                var then = ResolveBlock(il.Then);
                PopBlock(saved);
                var otherwise = il.Else != null ? ResolveExpr(il.Else) : null;
                return new BoundIfLet(il.Pos, pattern, value, then, otherwise);
            }
            case MatchExpr m:
                return ResolveMatch(m);
            case WhileExpr w:
            {
                var cond = ResolveExpr(w.Condition);
                int id = PushLoop(w.Label);
                var body = ResolveBlock(w.Body);
                PopLoop();
                return new BoundWhile(w.Pos, id, cond, body);
            }
            case WhileLetExpr wl:
            {
                int id = PushLoop(wl.Label);
                int saved = _scope.NextSlot;
                PushBlock();
                var value = ResolveExpr(wl.Value);
                var pattern = ResolvePattern(wl.Pattern, declare: true);
                var body = ResolveBlock(wl.Body);
                PopBlock(saved);
                PopLoop();
                return new BoundWhileLet(wl.Pos, id, pattern, value, body);
            }
            case LoopExpr l:
            {
                int id = PushLoop(l.Label);
                var body = ResolveBlock(l.Body);
                PopLoop();
                return new BoundLoop(l.Pos, id, body);
            }
            case ForExpr f:
            {
                var iterable = ResolveExpr(f.Iterable);
                int id = PushLoop(f.Label);
                int saved = _scope.NextSlot;
                PushBlock();
                var pattern = ResolvePattern(f.Pattern, declare: true);
                var body = ResolveBlock(f.Body);
                PopBlock(saved);
                PopLoop();
                return new BoundFor(f.Pos, id, pattern, iterable, body);
            }
            case BreakExpr br:
            {
                int id = FindLoop(br.Pos, br.Label, "break");
                return new BoundBreak(br.Pos, id, br.Value != null ? ResolveExpr(br.Value) : null);
            }
            case ContinueExpr co:
                return new BoundContinue(co.Pos, FindLoop(co.Pos, co.Label, "continue"));
            case ReturnExpr r:
                return new BoundReturn(r.Pos, r.Value != null ? ResolveExpr(r.Value) : null);
            case LambdaExpr lam:
            {
                var f = new BoundFunction("<lambda>", lam.Pos);
                var savedLoops = SaveLoops();
                ResolveFunctionBody(f, false, lam.Params, lam.Body);
                RestoreLoops(savedLoops);
                return new BoundLambda(lam.Pos, f);
            }
            case ErrorExpr err:
                return new BoundConst(err.Pos, Value.Nil);
            default:
                Error(e.Pos, $"unsupported expression ({e.GetType().Name})");
                return new BoundConst(e.Pos, Value.Nil);
        }
    }

    private BoundExpr[] ResolveList(IReadOnlyList<Expr> items)
    {
        var result = new BoundExpr[items.Count];
        for (int i = 0; i < result.Length; i++) result[i] = ResolveExpr(items[i]);
        return result;
    }

    private BoundExpr Undefined(int pos, string name, string? warning = null, bool isCall = false)
    {
        Warning(pos, warning ?? (isCall ? $"call to undefined function '{name}'" : $"undefined variable '{name}'"));
        return new BoundUndefined(pos, name, isCall);
    }

    private BoundExpr ResolveName(NameExpr n)
    {
        var v = LookupVariable(n.Name, n.Pos);
        if (v != null) return v;
        if (n.Name is "None") return new BoundConst(n.Pos, RType.None);
        if (_bareVariants.TryGetValue(n.Name, out var bv))
            return new BoundConst(n.Pos, Value.FromEnum(bv.Type.Variants[bv.Variant].UnitValue!));
        if (BuiltinTable.TryGet(n.Name, out var entry))
            return entry.IsConstant ? new BoundConst(n.Pos, BuiltinConstants.Get(entry.Function)) : new BoundConst(n.Pos, NativeValues.Get(n.Name, entry));
        if (n.Name is "Some" or "Ok" or "Err") return new BoundConst(n.Pos, NativeValues.VariantConstructor(n.Name));
        return Undefined(n.Pos, n.Name);
    }

    private BoundExpr ResolvePath(PathExpr p, bool isCallee)
    {
        var segs = p.Segments;
        if (segs.Count >= 2 && TryGetType(segs[^2], out var type))
        {
            string member = segs[^1];
            if (type.Shape == TypeShape.Enum && type.VariantIndex.TryGetValue(member, out int vi))
            {
                var info = type.Variants[vi];
                if (info.Shape == StructShape.Unit) return new BoundConst(p.Pos, Value.FromEnum(info.UnitValue!));
                if (!isCallee) return new BoundConst(p.Pos, NativeValues.EnumConstructor(type, vi));
            }
            if (_globals.TryGetValue(type.Name + "::" + member, out var g))
                return new BoundVariable(p.Pos, g, BoundKind.Global, g.Index);
        }
        string joined = string.Join("::", segs);
        if (_globals.TryGetValue(joined, out var global)) return new BoundVariable(p.Pos, global, BoundKind.Global, global.Index);
        if (BuiltinTable.TryGet(joined, out var entry))
            return entry.IsConstant ? new BoundConst(p.Pos, BuiltinConstants.Get(entry.Function)) : new BoundConst(p.Pos, NativeValues.Get(joined, entry));
        if (segs.Count == 2 && segs[0] is "Option" or "Result" && segs[1] is "Some" or "Ok" or "Err")
            return new BoundConst(p.Pos, NativeValues.VariantConstructor(segs[1]));
        return Undefined(p.Pos, joined, isCallee ? $"call to undefined function '{joined}'" : $"undefined name '{joined}'", isCallee);
    }

    private static bool IsPlace(BoundExpr e) => e switch
    {
        BoundVariable => true,
        BoundField f => IsPlace(f.Target),
        BoundIndex i => IsPlace(i.Target),
        _ => false,
    };

    /// <summary>Resolves an assignment target: a declared variable, a field or an index of a place, or a tuple of targets.</summary>
    private BoundExpr ResolvePlace(Expr target)
    {
        switch (target)
        {
            case NameExpr n:
            {
                var v = LookupVariable(n.Name, n.Pos);
                if (v is BoundVariable bv)
                {
                    if (bv.Symbol.IsConst) Error(n.Pos, $"cannot assign to constant '{n.Name}'");
                    return bv;
                }
                Error(n.Pos, $"cannot assign to undeclared variable '{n.Name}' (declare it with 'let')");
                return new BoundUndefined(n.Pos, n.Name, false);
            }
            case FieldExpr f:
            {
                var t = ResolveExpr(f.Target);
                int tupleIndex = int.TryParse(f.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int ti) ? ti : -1;
                return new BoundField(f.Pos, t, f.Name, tupleIndex);
            }
            case IndexExpr ix:
                return new BoundIndex(ix.Pos, ResolveExpr(ix.Target), ResolveExpr(ix.Index));
            case UnaryExpr { Op: UnaryOp.Deref } u:
                return ResolvePlace(u.Operand);
            case SelfExpr s:
                return LookupVariable("self", s.Pos) ?? Undefined(s.Pos, "self", "'self' used outside of a method");
            case TupleExpr t:
            {
                var items = new BoundExpr[t.Elements.Count];
                for (int i = 0; i < items.Length; i++) items[i] = ResolvePlace(t.Elements[i]);
                return new BoundTupleLiteral(t.Pos, items);
            }
            default:
                Error(target.Pos, "invalid assignment target");
                return new BoundUndefined(target.Pos, "?", false);
        }
    }

    /// <summary>A call argument: <c>&amp;x</c> and <c>&amp;mut x</c> pass without copying (the callee borrows).</summary>
    private BoundExpr ResolveArgument(Expr arg)
    {
        if (arg is UnaryExpr { Op: UnaryOp.Ref or UnaryOp.RefMut } u)
        {
            bool mutable = u.Op == UnaryOp.RefMut;
            var operand = mutable ? ResolvePlaceOrValue(u.Operand) : ResolveExpr(u.Operand);
            return new BoundBorrow(u.Pos, operand, mutable && IsPlace(operand));
        }
        // Passing a `&mut T` parameter on lends the same value (Rust's implicit reborrow).
        if (arg is NameExpr n && LookupVariable(n.Name, n.Pos) is BoundVariable { Symbol.IsMutRef: true } mutRef)
            return new BoundBorrow(n.Pos, mutRef, true);
        return ResolveExpr(arg);
    }

    private BoundExpr ResolvePlaceOrValue(Expr e) => e is NameExpr or FieldExpr or IndexExpr or SelfExpr ? ResolvePlaceQuiet(e) : ResolveExpr(e);

    private BoundExpr ResolvePlaceQuiet(Expr e) => e is NameExpr n && LookupVariable(n.Name, n.Pos) == null ? ResolveExpr(e) : ResolvePlace(e);

    private BoundExpr ResolveCall(CallExpr c)
    {
        switch (c.Callee)
        {
            case NameExpr n:
            {
                var v = LookupVariable(n.Name, n.Pos);
                if (v != null) return MakeCall(c, v, n.Name);
                if (n.Name is "Some" or "Ok" or "Err")
                {
                    var type = n.Name == "Some" ? RType.Option : RType.Result;
                    int variant = n.Name switch { "Some" => RType.SomeVariant, "Ok" => RType.OkVariant, _ => RType.ErrVariant };
                    return MakeVariantCtor(c, type, variant);
                }
                if (_types.TryGetValue(n.Name, out var tupleStruct) && tupleStruct.Shape == TypeShape.TupleStruct)
                    return MakeTupleStruct(c, tupleStruct);
                if (BuiltinTable.TryGet(n.Name, out var entry) && !entry.IsConstant) return MakeNativeCall(c, n.Name, entry);
                return new BoundCall(c.Pos, Undefined(n.Pos, n.Name, isCall: true), ResolveArgs(c, null), n.Name);
            }
            case PathExpr p:
            {
                var segs = p.Segments;
                if (segs.Count >= 2 && TryGetType(segs[^2], out var type) && type.Shape == TypeShape.Enum
                    && type.VariantIndex.TryGetValue(segs[^1], out int vi) && type.Variants[vi].Shape == StructShape.Tuple)
                    return MakeVariantCtor(c, type, vi);
                string joined = string.Join("::", segs);
                if (!(segs.Count >= 2 && TryGetType(segs[^2], out _)) && !_globals.ContainsKey(joined)
                    && BuiltinTable.TryGet(joined, out var entry) && !entry.IsConstant)
                    return MakeNativeCall(c, joined, entry);
                var callee = ResolvePath(p, isCallee: true);
                return MakeCall(c, callee, joined);
            }
            default:
                return MakeCall(c, ResolveExpr(c.Callee), "<expression>");
        }
    }

    private BoundExpr MakeCall(CallExpr c, BoundExpr callee, string name)
    {
        BoundFunction? target = null;
        if (c.Args.Any(a => a.Name != null))
        {
            // Named arguments need the parameter list, so the callee must be a known function.
            if (callee is BoundVariable { Kind: BoundKind.Global } g) target = FindGlobalFunction(g.Index);
            if (target == null)
            {
                Error(c.Pos, $"named arguments need a directly called function; '{name}' is not one");
                return new BoundCall(c.Pos, callee, ResolveArgs(c, null), name);
            }
        }
        return new BoundCall(c.Pos, callee, ResolveArgs(c, target), name);
    }


    private BoundFunction? FindGlobalFunction(int global)
    {
        foreach (var (g, f) in _functions)
            if (g == global) return f;
        return null;
    }

    private BoundExpr[] ResolveArgs(CallExpr c, BoundFunction? target)
    {
        if (target == null)
        {
            var args = new BoundExpr[c.Args.Count];
            for (int i = 0; i < args.Length; i++) args[i] = ResolveArgument(c.Args[i].Value);
            return args;
        }
        // Reorder named arguments into parameter order; gaps take the parameter's default at run time.
        var slots = new List<BoundExpr?>();
        int positional = 0;
        int offset = target.SelfKind != SelfKind.None ? 1 : 0;
        foreach (var a in c.Args)
        {
            int index;
            if (a.Name == null)
            {
                index = positional++;
            }
            else
            {
                index = Array.IndexOf(target.ParamNames, a.Name) - offset;
                if (index < 0)
                {
                    Error(a.Value.Pos, $"function '{target.Name}' has no parameter named '{a.Name}'");
                    continue;
                }
            }
            while (slots.Count <= index) slots.Add(null);
            if (slots[index] != null) Error(a.Value.Pos, $"argument '{a.Name}' given more than once");
            slots[index] = ResolveArgument(a.Value);
        }
        var result = new BoundExpr[slots.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (slots[i] != null)
            {
                result[i] = slots[i]!;
                continue;
            }
            var def = i + offset < target.Defaults.Length ? target.Defaults[i + offset] : null;
            if (def == null)
            {
                Error(c.Pos, $"missing argument '{target.ParamNames[i + offset]}' in call to '{target.Name}'");
                result[i] = new BoundConst(c.Pos, Value.Nil);
            }
            else
            {
                result[i] = new BoundConst(c.Pos, DefaultMarker);
            }
        }
        return result;
    }

    /// <summary>Stands for "use the parameter's default" in a call with named arguments.</summary>
    public static readonly Value DefaultMarker = Value.FromNative(new NativeFunction("<default>", 0, 0, static (_, _) => Value.Nil));

    private BoundExpr MakeVariantCtor(CallExpr c, RType type, int variant)
    {
        var args = ResolveArgs(c, null);
        int expected = type.Variants[variant].FieldNames.Length;
        if (args.Length != expected)
            Error(c.Pos, $"{type.Name}::{type.Variants[variant].Name} takes {expected} value{(expected == 1 ? "" : "s")}, got {args.Length}");
        return new BoundVariantCtor(c.Pos, type, variant, args);
    }

    private BoundExpr MakeTupleStruct(CallExpr c, RType type)
    {
        var args = ResolveArgs(c, null);
        if (args.Length != type.FieldNames.Length)
            Error(c.Pos, $"{type.Name} takes {type.FieldNames.Length} values, got {args.Length}");
        var fields = new BoundExpr?[type.FieldNames.Length];
        for (int i = 0; i < fields.Length && i < args.Length; i++) fields[i] = args[i];
        for (int i = args.Length; i < fields.Length; i++) fields[i] = new BoundConst(c.Pos, Value.Nil);
        return new BoundStructLiteral(c.Pos, type, fields, null);
    }

    private BoundExpr MakeNativeCall(CallExpr c, string name, BuiltinTable.Entry entry)
    {
        var args = ResolveArgs(c, null);
        if (args.Length < entry.MinArgs || args.Length > entry.MaxArgs)
        {
            string expected = entry.MinArgs == entry.MaxArgs ? entry.MinArgs.ToString(CultureInfo.InvariantCulture)
                : entry.MaxArgs == int.MaxValue ? $"at least {entry.MinArgs}" : $"{entry.MinArgs} to {entry.MaxArgs}";
            Error(c.Pos, $"'{name}' takes {expected} argument{(expected == "1" ? "" : "s")}, got {args.Length}");
        }
        return new BoundCallNative(c.Pos, entry.Function, args);
    }

    private BoundExpr ResolveCast(CastExpr cast)
    {
        var operand = ResolveExpr(cast.Operand);
        string t = cast.TypeName.TrimStart('&').Trim();
        var kind = t switch
        {
            "i8" or "i16" or "i32" or "i64" or "i128" or "isize" or "u8" or "u16" or "u32" or "u64" or "u128" or "usize" => CastKind.ToInt,
            "f32" or "f64" => CastKind.ToFloat,
            "String" or "str" => CastKind.ToString,
            "bool" => CastKind.ToBool,
            "char" => CastKind.ToChar,
            _ => CastKind.Identity,
        };
        return new BoundCast(cast.Pos, operand, kind, t);
    }

    private BoundExpr ResolveStructLiteral(StructLiteralExpr sl)
    {
        var path = sl.TypeName.Split("::");
        // Enum struct variant: Shape::Rect { w: 1.0, h: 2.0 }
        if (path.Length >= 2 && TryGetType(path[^2], out var enumType) && enumType.Shape == TypeShape.Enum)
        {
            if (!enumType.VariantIndex.TryGetValue(path[^1], out int vi))
            {
                Error(sl.Pos, $"enum '{enumType.Name}' has no variant '{path[^1]}'");
                return new BoundConst(sl.Pos, Value.Nil);
            }
            var info = enumType.Variants[vi];
            var args = new BoundExpr[info.FieldNames.Length];
            foreach (var f in sl.Fields)
            {
                int fi = Array.IndexOf(info.FieldNames, f.Name);
                if (fi < 0) Error(f.Pos, $"variant '{enumType.Name}::{info.Name}' has no field '{f.Name}'");
                else args[fi] = ResolveExpr(f.Value);
            }
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] != null) continue;
                Error(sl.Pos, $"missing field '{info.FieldNames[i]}' in '{enumType.Name}::{info.Name}'");
                args[i] = new BoundConst(sl.Pos, Value.Nil);
            }
            return new BoundVariantCtor(sl.Pos, enumType, vi, args);
        }
        if (!TryGetType(path[^1], out var type) || type.Shape == TypeShape.Enum)
        {
            Error(sl.Pos, $"unknown struct '{sl.TypeName}'");
            foreach (var f in sl.Fields) ResolveExpr(f.Value);
            return new BoundConst(sl.Pos, Value.Nil);
        }
        var fields = new BoundExpr?[type.FieldNames.Length];
        foreach (var f in sl.Fields)
        {
            if (!type.FieldIndex.TryGetValue(f.Name, out int fi))
            {
                Error(f.Pos, $"struct '{type.Name}' has no field '{f.Name}'");
                ResolveExpr(f.Value);
                continue;
            }
            fields[fi] = ResolveExpr(f.Value);
        }
        var baseExpr = sl.Base != null ? ResolveExpr(sl.Base) : null;
        if (baseExpr == null)
        {
            _structDecls.TryGetValue(type, out var decl);
            for (int i = 0; i < fields.Length; i++)
            {
                if (fields[i] != null) continue;
                var def = decl?.Fields[i].Default;
                if (def != null) fields[i] = ResolveExpr(def);
                else
                {
                    Error(sl.Pos, $"missing field '{type.FieldNames[i]}' in struct literal of '{type.Name}'");
                    fields[i] = new BoundConst(sl.Pos, Value.Nil);
                }
            }
        }
        return new BoundStructLiteral(sl.Pos, type, fields, baseExpr);
    }

    private BoundExpr ResolveMatch(MatchExpr m)
    {
        var scrutinee = ResolveExpr(m.Scrutinee);
        var arms = new BoundMatchArm[m.Arms.Count];
        for (int i = 0; i < arms.Length; i++)
        {
            var arm = m.Arms[i];
            int saved = _scope.NextSlot;
            PushBlock();
            var pattern = ResolvePattern(arm.Pattern, declare: true);
            var guard = arm.Guard != null ? ResolveExpr(arm.Guard) : null;
            var body = ResolveExpr(arm.Body);
            PopBlock(saved);
            arms[i] = new BoundMatchArm(pattern, guard, body);
        }
        return new BoundMatch(m.Pos, scrutinee, arms);
    }

    private BoundExpr ResolveFString(FStringExpr fs)
    {
        var parts = new BoundFStringPart[fs.Parts.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = fs.Parts[i];
            parts[i] = new BoundFStringPart(p.Text, p.Expr != null ? ResolveExpr(p.Expr) : null, p.Spec);
        }
        return new BoundFString(fs.Pos, parts);
    }

    // ---------------------------------------------------------------- loops

    private int PushLoop(string? label)
    {
        int id = ++_nextLoopId;
        _scope.Loops.Add((label, id));
        return id;
    }

    private void PopLoop() => _scope.Loops.RemoveAt(_scope.Loops.Count - 1);

    private List<(string?, int)> SaveLoops() => new(_scope.Loops);

    private void RestoreLoops(List<(string?, int)> saved)
    {
        _scope.Loops.Clear();
        _scope.Loops.AddRange(saved);
    }

    private int FindLoop(int pos, string? label, string keyword)
    {
        var loops = _scope.Loops;
        if (loops.Count == 0)
        {
            Error(pos, $"'{keyword}' outside of a loop");
            return 0;
        }
        if (label == null) return loops[^1].Id;
        for (int i = loops.Count - 1; i >= 0; i--)
            if (loops[i].Label == label) return loops[i].Id;
        Error(pos, $"no enclosing loop is labelled '{label}'");
        return 0;
    }
}
