namespace Ruchy.Metta.Atoms;

/// <summary>Symbols the runtime refers to by name.</summary>
internal static class Known
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
