using Ruchy.Metta.Atoms;

namespace Ruchy.Metta.Types;

/// <summary>One inferred type: a value or application type, or an error (a badly typed application).</summary>
internal readonly record struct TypeRes(Atom Type, bool IsError, Atom? Error)
{
    public bool IsFunction => TypeInference.IsFunctionType(Type);
}
