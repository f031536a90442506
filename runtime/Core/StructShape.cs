namespace Ruchy.Core;

/// <summary>How a struct or enum variant is declared: <c>{ named fields }</c>, <c>(tuple fields)</c> or no fields.</summary>
public enum StructShape { Named, Tuple, Unit }
