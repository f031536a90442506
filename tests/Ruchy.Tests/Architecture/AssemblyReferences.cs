using System.Reflection;
using System.Reflection.Emit;

namespace Ruchy.Tests.Architecture;

/// <summary>
/// The types a compiled type refers to: base type and interfaces, field types, method signatures,
/// local variables, and every type, field and method token in its IL (so a reference through
/// <c>var</c>, a call or a field access counts even when no type name is written). Generic
/// instantiations, arrays, by-refs, pointers and function pointers are taken apart. Enum constants
/// are compiled to numbers, so a bare <c>X.Member</c> comparison is found only by the source scan.
/// </summary>
internal static class AssemblyReferences
{
    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
        | BindingFlags.Instance | BindingFlags.Static;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Each referenced type (taken apart) with the member of <paramref name="type"/> that refers to it.</summary>
    public static IEnumerable<(Type Referenced, string Where)> Of(Type type)
    {
        var found = new List<(Type, string)>();
        void Add(Type? t, string where)
        {
            foreach (var part in Parts(t)) found.Add((part, where));
        }

        Add(type.BaseType, "base type");
        foreach (var i in type.GetInterfaces()) Add(i, "interface");
        foreach (var f in type.GetFields(Declared)) Add(f.FieldType, f.Name);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType, p.Name);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            string where = m.Name;
            if (m is MethodInfo mi) Add(mi.ReturnType, where);
            foreach (var p in m.GetParameters()) Add(p.ParameterType, where);
            var body = m.GetMethodBody();
            if (body == null) continue;
            foreach (var local in body.LocalVariables) Add(local.LocalType, where);
            foreach (var member in IlMembers(m, body.GetILAsByteArray() ?? []))
            {
                switch (member)
                {
                    case Type t:
                        Add(t, where);
                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType, where);
                        Add(f.FieldType, where);
                        break;
                    case MethodBase callee:
                        Add(callee.DeclaringType, where);
                        if (callee is MethodInfo cm)
                        {
                            Add(cm.ReturnType, where);
                            if (cm.IsGenericMethod) foreach (var a in cm.GetGenericArguments()) Add(a, where);
                        }
                        foreach (var p in callee.GetParameters()) Add(p.ParameterType, where);
                        break;
                }
            }
        }
        return found;
    }

    /// <summary>The members named by the token operands of a method body (ldfld, call, newobj, box, ldtoken...).</summary>
    private static IEnumerable<MemberInfo> IlMembers(MethodBase method, byte[] il)
    {
        var typeArgs = method.DeclaringType is { IsGenericType: true } dt ? dt.GetGenericArguments() : null;
        var methodArgs = method is MethodInfo { IsGenericMethod: true } gm ? gm.GetGenericArguments() : null;
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE) value = unchecked((short)(0xFE00 | il[i++]));
            if (!OpCodesByValue.TryGetValue(value, out var op))
                throw new InvalidOperationException($"unknown IL opcode 0x{value:X} in {method.DeclaringType}.{method.Name}");
            switch (op.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    int token = BitConverter.ToInt32(il, i);
                    i += 4;
                    yield return method.Module.ResolveMember(token, typeArgs, methodArgs)
                        ?? throw new InvalidOperationException($"cannot resolve token 0x{token:X8} in {method.DeclaringType}.{method.Name}");
                    break;
                default: // InlineI, InlineBrTarget, ShortInlineR, InlineString, InlineSig
                    i += 4;
                    break;
            }
        }
    }

    /// <summary>A type taken apart into the named types it is built from.</summary>
    private static IEnumerable<Type> Parts(Type? t)
    {
        if (t == null || t.IsGenericParameter) yield break;
        if (t.HasElementType)
        {
            foreach (var p in Parts(t.GetElementType())) yield return p;
            yield break;
        }
        if (t.IsFunctionPointer)
        {
            foreach (var p in Parts(t.GetFunctionPointerReturnType())) yield return p;
            foreach (var a in t.GetFunctionPointerParameterTypes())
                foreach (var p in Parts(a)) yield return p;
            yield break;
        }
        if (t.IsGenericType && !t.IsGenericTypeDefinition)
        {
            yield return t.GetGenericTypeDefinition();
            foreach (var a in t.GetGenericArguments())
                foreach (var p in Parts(a)) yield return p;
            yield break;
        }
        yield return t;
    }
}
