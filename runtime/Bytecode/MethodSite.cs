using Ruchy.Builtins;
using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>
/// A method call site (CallMethod, CallMethodMut): what the compiler decided, which is readonly, and an
/// inline cache (last receiver method table and the method found in it), which is mutable by design:
/// the VMs fill it on the first call and refill it when the receiver's type changes. It is the only
/// state a proto carries that changes after compilation (with <see cref="FieldSite"/>'s cache).
/// </summary>
internal sealed class MethodSite(string name, MethodId method, bool receiverIsPlace, bool isStatement, int receiverLocal, int skipOffset, int writeBackSlot)
{
    public readonly string Name = name;
    public readonly MethodId Method = method;
    public readonly bool ReceiverIsPlace = receiverIsPlace;
    public readonly bool IsStatement = isStatement;
    /// <summary>Register of the receiver when it is a plain local (the VM then mutates it in place without the mutation path), else -1.</summary>
    public readonly int ReceiverLocal = receiverLocal;
    /// <summary>Instructions after CallMethod that make up the place-mutation path (skipped when not needed).</summary>
    public readonly int SkipOffset = skipOffset;
    /// <summary>Stack VM: the frame slot that receives a replaced self on the mutation path (else -1).</summary>
    public readonly int WriteBackSlot = writeBackSlot;

    // The inline cache: mutable on purpose (written by VmSupport.FindUserMethod).
    /// <summary>The method table <see cref="CachedMethod"/> was found in (the receiver type's, at that time).</summary>
    public Dictionary<string, Value>? CachedMethods;
    public Value CachedMethod;
}
