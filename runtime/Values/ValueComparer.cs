namespace Ruchy.Values;

/// <summary>Dictionary comparer for <see cref="Value"/> keys (structural).</summary>
internal sealed class ValueComparer : IEqualityComparer<Value>
{
    public static readonly ValueComparer Instance = new();
    public bool Equals(Value x, Value y) => ValueEquality.AreEqual(x, y);
    public int GetHashCode(Value obj) => ValueEquality.Hash(obj);
}
