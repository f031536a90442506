namespace Ruchy.Experiments;

/// <summary>Placeholder namespace anchor until the harness lands (see README.md in this folder).</summary>
internal static class HarnessInfo
{
}
