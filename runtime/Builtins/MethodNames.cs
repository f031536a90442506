namespace Ruchy.Builtins;

public static class MethodNames
{
    private static readonly Dictionary<string, MethodId> ByName = Build();

    private static Dictionary<string, MethodId> Build()
    {
        var map = new Dictionary<string, MethodId>();
        foreach (var id in Enum.GetValues<MethodId>())
        {
            if (id == MethodId.Unknown) continue;
            map[ToSnakeCase(id.ToString())] = id;
        }
        return map;
    }

    public static string ToSnakeCase(string pascal)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (char.IsUpper(c))
            {
                if (i > 0) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    public static MethodId Lookup(string name) => ByName.TryGetValue(name, out var id) ? id : MethodId.Unknown;

    public static string NameOf(MethodId id) => ToSnakeCase(id.ToString());
}
