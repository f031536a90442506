using System.Runtime.CompilerServices;
using System.Text;

namespace Ruchy.Metta.Atoms;

public enum AtomKind : byte { Symbol, Variable, Expression, Grounded, Slot }

/// <summary>
/// A MeTTa atom. Atoms are immutable; equality is structural (variables by identity), so atoms can
/// key dictionaries (memo, remove-atom, assert multisets).
/// </summary>
public abstract class Atom : IEquatable<Atom>
{
    public abstract AtomKind Kind { get; }

    /// <summary>True when the atom contains no variables (and no slots).</summary>
    public abstract bool IsGround { get; }

    public abstract bool Equals(Atom? other);
    public override bool Equals(object? obj) => obj is Atom a && Equals(a);
    public abstract override int GetHashCode();

    public override string ToString()
    {
        var sb = new StringBuilder();
        AtomPrinter.Write(sb, this);
        return sb.ToString();
    }
}

/// <summary>An interned symbol: one object per name, so symbols compare by reference (or by name when
/// the interning switch is off, see <see cref="SymbolTable.CompareByName"/>).</summary>
internal sealed class Sym : Atom
{
    public readonly string Name;
    public readonly int Id;
    /// <summary>The native operation this symbol names, if any (set once by the standard library).</summary>
    internal Stdlib.NativeOp? Op;

    internal Sym(string name, int id) { Name = name; Id = id; }

    public override AtomKind Kind => AtomKind.Symbol;
    public override bool IsGround => true;

    public override bool Equals(Atom? other) =>
        ReferenceEquals(this, other) || (SymbolTable.CompareByName && other is Sym s && string.Equals(s.Name, Name, StringComparison.Ordinal));

    public override int GetHashCode() => Id;
}

/// <summary>A variable. Parsed variables are interned by name; fresh copies (renaming apart) get a new
/// id and print as <c>$x#id</c>. Identity is the object.</summary>
internal sealed class Var : Atom
{
    public readonly string Name;
    public readonly long Id;
    public readonly bool IsFresh;
    private static long s_next;

    private Var(string name, long id, bool fresh) { Name = name; Id = id; IsFresh = fresh; }

    private static readonly Dictionary<string, Var> s_named = new();

    /// <summary>The variable written <c>$name</c> in source text.</summary>
    public static Var Named(string name)
    {
        lock (s_named)
        {
            if (!s_named.TryGetValue(name, out var v)) s_named[name] = v = new Var(name, Interlocked.Increment(ref s_next), false);
            return v;
        }
    }

    public static Var Fresh(string name) => new(name, Interlocked.Increment(ref s_next), true);

    /// <summary>The id the next fresh variable will get; variables created later have larger ids.</summary>
    public static long Mark => Interlocked.Read(ref s_next) + 1;

    public override AtomKind Kind => AtomKind.Variable;
    public override bool IsGround => false;
    public override bool Equals(Atom? other) => ReferenceEquals(this, other);
    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);
}

/// <summary>A variable of a stored atom, compiled to a numbered slot so a query can unify against the
/// stored atom without copying it first (renaming apart happens only on success).</summary>
public sealed class Slot : Atom
{
    public readonly int Index;
    public readonly string Name;
    public Slot(int index, string name) { Index = index; Name = name; }
    public override AtomKind Kind => AtomKind.Slot;
    public override bool IsGround => false;
    public override bool Equals(Atom? other) => other is Slot s && s.Index == Index;
    public override int GetHashCode() => 0x5107 + Index;
}

/// <summary>An expression <c>(a b c)</c>.</summary>
public sealed class Expr : Atom
{
    public readonly Atom[] Items;
    private readonly int _hash;
    private readonly bool _ground;
    /// <summary>Set on results the interpreter already evaluated to themselves (Hyperon's marker).</summary>
    internal bool Evaluated;

    public static readonly Expr Unit = new([]);

    public Expr(Atom[] items)
    {
        Items = items;
        var h = new HashCode();
        bool ground = true;
        foreach (var a in items) { h.Add(a.GetHashCode()); if (!a.IsGround) ground = false; }
        h.Add(items.Length);
        _hash = h.ToHashCode();
        _ground = ground;
    }

    public int Count => Items.Length;
    public Atom this[int i] => Items[i];
    public Atom? Head => Items.Length > 0 ? Items[0] : null;

    public override AtomKind Kind => AtomKind.Expression;
    public override bool IsGround => _ground;

    public override bool Equals(Atom? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not Expr e || e._hash != _hash || e.Items.Length != Items.Length) return false;
        for (int i = 0; i < Items.Length; i++) if (!Items[i].Equals(e.Items[i])) return false;
        return true;
    }

    public override int GetHashCode() => _hash;
}

/// <summary>A grounded (host) value.</summary>
public abstract class Gnd : Atom
{
    public override AtomKind Kind => AtomKind.Grounded;
    public override bool IsGround => true;
    /// <summary>The type of the value (e.g. <c>Number</c>).</summary>
    public abstract Atom Type { get; }
}

/// <summary>A number: a 64-bit integer or a double, kept unboxed; 1 and 1.0 are equal (Hyperon promotes).</summary>
internal sealed class Num : Gnd
{
    public readonly bool IsInt;
    public readonly long I;
    public readonly double F;

    private static readonly Num[] s_small = CreateSmall();
    private static Num[] CreateSmall() { var a = new Num[1280]; for (int i = 0; i < a.Length; i++) a[i] = new Num(i - 256); return a; }

    private Num(long i) { IsInt = true; I = i; F = i; }
    private Num(double f) { IsInt = false; F = f; I = 0; }

    public static Num Of(long i) => i >= -256 && i < 1024 ? s_small[i + 256] : new Num(i);
    public static Num Of(double f) => new(f);

    public double AsDouble => IsInt ? I : F;
    public override Atom Type => Known.NumberType;

    public override bool Equals(Atom? other)
    {
        if (other is not Num n) return false;
        if (IsInt && n.IsInt) return I == n.I;
        return AsDouble == n.AsDouble;
    }

    public override int GetHashCode() => IsInt ? ((double)I).GetHashCode() : F.GetHashCode();
}

public sealed class Str : Gnd
{
    public readonly string Value;
    public Str(string value) { Value = value; }
    public override Atom Type => Known.StringType;
    public override bool Equals(Atom? other) => other is Str s && s.Value == Value;
    public override int GetHashCode() => Value.GetHashCode() ^ 0x5151;
}

internal sealed class BoolAtom : Gnd
{
    public readonly bool Value;
    private BoolAtom(bool v) { Value = v; }
    public static readonly BoolAtom True = new(true), False = new(false);
    public static BoolAtom Of(bool b) => b ? True : False;
    public override Atom Type => Known.BoolType;
    public override bool Equals(Atom? other) => ReferenceEquals(this, other);
    public override int GetHashCode() => Value ? 0x7123 : 0x7456;
}

/// <summary>A mutable state cell (<c>new-state</c>); two states are equal when their contents are.</summary>
internal sealed class StateAtom : Gnd
{
    public Atom Value;
    public readonly Atom ValueType;
    public StateAtom(Atom value, Atom valueType) { Value = value; ValueType = valueType; }
    public override Atom Type => new Expr([Known.StateMonad, ValueType]);
    public override bool Equals(Atom? other) => other is StateAtom s && (ReferenceEquals(s, this) || s.Value.Equals(Value));
    public override int GetHashCode() => 0x57a7e;
}

/// <summary>A space as an atom (<c>&amp;self</c>, <c>(new-space)</c>, imported modules).</summary>
internal sealed class SpaceAtom : Gnd
{
    public readonly Spaces.MettaSpace Space;
    public SpaceAtom(Spaces.MettaSpace space) { Space = space; }
    public override Atom Type => Known.SpaceType;
    public override bool Equals(Atom? other) => other is SpaceAtom s && ReferenceEquals(s.Space, Space);
    public override int GetHashCode() => RuntimeHelpers.GetHashCode(Space);
}
