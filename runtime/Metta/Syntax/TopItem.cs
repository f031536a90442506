using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Syntax;

/// <summary>One top-level item of a file: an atom, and whether it was written <c>!atom</c>.</summary>
internal readonly record struct TopItem(Atom Atom, bool IsQuery, int Line, int Column);
