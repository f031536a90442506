using System.Runtime.CompilerServices;

namespace Ruchy.Tests.Ir;

/// <summary>Every IR built while the tests run is checked by the verifier (after construction and after each pass).</summary>
internal static class VerifyIrInTests
{
    [ModuleInitializer]
    internal static void TurnOn() => Ruchy.Ir.IrCompiler.VerifyAlways = true;
}
