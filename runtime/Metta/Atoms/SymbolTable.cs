namespace Ruchy.Metta.Atoms;

/// <summary>
/// The process-wide symbol table: one <see cref="Sym"/> per name. Interning is always done (it is how
/// symbols are created); the interning switch only decides whether comparisons use the id or the name.
/// </summary>
internal static class SymbolTable
{
    private static readonly Dictionary<string, Sym> s_byName = new(StringComparer.Ordinal);
    private static readonly List<Sym> s_byId = new();

    [ThreadStatic] private static bool t_byName;

    /// <summary>Set per thread by the interpreter from the <c>interning</c> switch (off: compare names).</summary>
    public static bool CompareByName { get => t_byName; internal set => t_byName = value; }

    public static Sym Intern(string name)
    {
        lock (s_byName)
        {
            if (s_byName.TryGetValue(name, out var s)) return s;
            s = new Sym(name, s_byId.Count);
            s_byId.Add(s);
            s_byName[name] = s;
            return s;
        }
    }
}
