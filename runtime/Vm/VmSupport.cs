using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>What the two bytecode VMs do identically: loading a program, finding user methods, string mutators.</summary>
internal static class VmSupport
{
    /// <summary>
    /// Fills the globals with one function object per hoisted function, installs methods on their
    /// types, and returns main's proto (or null).
    /// </summary>
    public static FunctionProto? Load<TProto>(CompiledProgram<TProto> program, Value[] globals) where TProto : FunctionProto
    {
        var made = new Dictionary<FunctionProto, Value>(ReferenceEqualityComparer.Instance);
        Value Make(FunctionProto p)
        {
            if (!made.TryGetValue(p, out var v)) made[p] = v = Value.FromFunction(new RFunction(p.Name, p, Array.Empty<Cell>()));
            return v;
        }
        foreach (var (global, fn) in program.Functions) globals[global] = Make(fn);
        foreach (var (type, methods) in program.Types)
        {
            var table = type.ResetMethods();
            foreach (var m in methods) table[m.Name[(m.Name.LastIndexOf("::", StringComparison.Ordinal) + 2)..]] = Make(m);
        }
        if (program.MainGlobal < 0 || globals[program.MainGlobal].Kind != ValueKind.Function) return null;
        // Compiled as main (ProgramAssembler), so its calls take the careful path that records the first one.
        var main = (FunctionProto)globals[program.MainGlobal].AsFunction.Code;
        System.Diagnostics.Debug.Assert(main.DirectArgc < 0, "main must not take the direct call path");
        return main;
    }

    /// <summary>The user method for a struct/enum receiver (inline-cached per site), or default.</summary>
    public static Value FindUserMethod(MethodSite site, Value receiver)
    {
        if (receiver.Kind is not (ValueKind.Struct or ValueKind.Enum)) return default;
        var type = receiver.Kind == ValueKind.Struct ? receiver.AsStruct.Type : receiver.AsEnum.Type;
        var table = type.Methods;
        if (ReferenceEquals(site.CachedMethods, table)) return site.CachedMethod;
        if (table.TryGetValue(site.Name, out var method))
        {
            site.CachedMethods = table;
            site.CachedMethod = method;
            return method;
        }
        return default;
    }

    /// <summary>Whether a built-in method call changes its receiver (sort/reverse only as statements, as in the AST tier).</summary>
    public static bool IsMutatingCall(MethodSite site, Value receiver) =>
        Methods.IsMutating(site.Method) && !(Methods.IsInPlaceOnlyAsStatement(site.Method) && !site.IsStatement && receiver.Kind == ValueKind.Array);

    /// <summary>What a string "mutator" returns: the removed character for pop, else nil.</summary>
    public static Value StringUpdateResult(MethodId id, Value receiver, Value updated)
    {
        if (id != MethodId.Pop) return Value.Nil;
        var s = receiver.AsString;
        return s.Length == 0 ? RType.None : RType.Some(Value.FromString(s[updated.AsString.Length..]));
    }
}
