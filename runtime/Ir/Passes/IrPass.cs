using Ruchy.Switches;

namespace Ruchy.Ir;

/// <summary>One optimization over a function's IR; each is a switch (<c>pass.NAME</c>) in <see cref="SwitchRegistry"/>.</summary>
internal abstract class IrPass
{
    public abstract Switch Switch { get; }

    /// <summary>The pass name as written in <c>--passes</c> and <c>pass.NAME</c>.</summary>
    public string Name => Switch.Name[SwitchRegistry.PassPrefix.Length..];

    /// <summary>Runs on one function (not its closures); true when it changed anything.</summary>
    public abstract bool Run(IrFunction f);
}
