using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>Built-ins used as values (<c>xs.map(sqrt)</c>, <c>map(Some)</c>): each wraps the shared implementation.</summary>
internal static class NativeValues
{
    private static readonly Dictionary<string, NativeFunction> Cache = new();

    public static Value Get(string name, BuiltinTable.Entry entry)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var f))
            {
                var fn = entry.Function;
                f = new NativeFunction(name, entry.MinArgs, entry.MaxArgs, (host, args) => BuiltinCalls.Invoke(host, fn, args));
                Cache[name] = f;
            }
            return Value.FromNative(f);
        }
    }

    public static Value VariantConstructor(string name) => name switch
    {
        "Some" => EnumConstructor(RType.Option, RType.SomeVariant),
        "Ok" => EnumConstructor(RType.Result, RType.OkVariant),
        _ => EnumConstructor(RType.Result, RType.ErrVariant),
    };

    public static Value EnumConstructor(RType type, int variant)
    {
        var info = type.Variants[variant];
        int n = info.FieldNames.Length;
        return Value.FromNative(new NativeFunction(type.Name + "::" + info.Name, n, n, (_, args) =>
        {
            var payload = new Value[args.Length];
            for (int i = 0; i < payload.Length; i++) payload[i] = args[i].Share();
            return Value.FromEnum(new REnum(type, variant, payload));
        }));
    }
}
