using Ruchy.Builtins;
using Ruchy.Execution;
using Ruchy.Values;

namespace Ruchy.Vm;

/// <summary>
/// The state of a bytecode for-loop over ranges, arrays, strings, maps, tuples and Option.
/// Iteration order and copying follow the AST tier: an array is marked shared for the loop (a body
/// that mutates the variable copies it), strings/maps/tuples are snapshotted.
/// </summary>
internal sealed class VmIterator
{
    private readonly RArray? _array;
    private readonly Value[]? _items;
    private long _next;
    private long _remaining;
    private int _index;

    private VmIterator(long start, long count)
    {
        _next = start;
        _remaining = count;
    }

    private VmIterator(RArray array) => _array = array;

    private VmIterator(Value[] items) => _items = items;

    public static VmIterator Create(Value iterable)
    {
        switch (iterable.Kind)
        {
            case ValueKind.Range:
                return new VmIterator(iterable.AsRange.Start, iterable.AsRange.Count);
            case ValueKind.Array:
                iterable.AsArray.Shared = true;
                return new VmIterator(iterable.AsArray);
            case ValueKind.Str:
            case ValueKind.Map:
            case ValueKind.Tuple:
                return new VmIterator(Sequences.Elements(iterable, "for").ToArray());
            case ValueKind.Enum when iterable.AsEnum.IsSome:
                return new VmIterator(new[] { iterable.AsEnum.Payload[0] });
            case ValueKind.Enum when iterable.AsEnum.IsNone:
                return new VmIterator(Array.Empty<Value>());
            default:
                throw Operations.CannotIterate(iterable);
        }
    }

    public bool TryNext(out Value item)
    {
        if (_array != null)
        {
            if (_index < _array.Count)
            {
                item = _array[_index++].Share();
                return true;
            }
        }
        else if (_items != null)
        {
            if (_index < _items.Length)
            {
                item = _items[_index++];
                return true;
            }
        }
        else if (_remaining > 0)
        {
            _remaining--;
            item = Value.FromInt(_next++);
            return true;
        }
        item = default;
        return false;
    }
}
