namespace Ruchy.Metta.Atoms;

/// <summary>
/// The process-wide symbol table: one <see cref="Sym"/> per name. Interning is always done (it is how
/// symbols are created); the interning switch only decides whether comparisons use the id or the name.
/// </summary>
public static class SymbolTable
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

/// <summary>Symbols the runtime refers to by name.</summary>
public static class Known
{
    public static readonly Sym Eq = SymbolTable.Intern("=");
    public static readonly Sym Colon = SymbolTable.Intern(":");
    public static readonly Sym SubType = SymbolTable.Intern(":<");
    public static readonly Sym Arrow = SymbolTable.Intern("->");
    public static readonly Sym Comma = SymbolTable.Intern(",");
    public static readonly Sym Empty = SymbolTable.Intern("Empty");
    public static readonly Sym NotReducible = SymbolTable.Intern("NotReducible");
    public static readonly Sym Error = SymbolTable.Intern("Error");
    public static readonly Sym Undefined = SymbolTable.Intern("%Undefined%");
    public static readonly Sym AtomType = SymbolTable.Intern("Atom");
    public static readonly Sym SymbolType = SymbolTable.Intern("Symbol");
    public static readonly Sym VariableType = SymbolTable.Intern("Variable");
    public static readonly Sym ExpressionType = SymbolTable.Intern("Expression");
    public static readonly Sym GroundedType = SymbolTable.Intern("Grounded");
    public static readonly Sym TypeType = SymbolTable.Intern("Type");
    public static readonly Sym NumberType = SymbolTable.Intern("Number");
    public static readonly Sym StringType = SymbolTable.Intern("String");
    public static readonly Sym BoolType = SymbolTable.Intern("Bool");
    public static readonly Sym SpaceType = SymbolTable.Intern("SpaceType");
    public static readonly Sym StateMonad = SymbolTable.Intern("StateMonad");
    public static readonly Sym BadType = SymbolTable.Intern("BadType");
    public static readonly Sym BadArgType = SymbolTable.Intern("BadArgType");
    public static readonly Sym IncorrectNumberOfArguments = SymbolTable.Intern("IncorrectNumberOfArguments");
    public static readonly Sym Quote = SymbolTable.Intern("quote");
    public static readonly Sym State = SymbolTable.Intern("State");

    public static bool IsError(Atom a) => a is Expr e && e.Items.Length > 0 && e.Items[0].Equals(Error);
    public static bool IsEmpty(Atom a) => a.Equals(Empty);

    public static Expr MakeError(Atom atom, Atom message) => new([Error, atom, message]);

    public static Atom MetaType(Atom a) => a.Kind switch
    {
        AtomKind.Symbol => SymbolType,
        AtomKind.Variable => VariableType,
        AtomKind.Expression => ExpressionType,
        _ => GroundedType,
    };
}
