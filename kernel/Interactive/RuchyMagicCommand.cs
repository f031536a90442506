using Microsoft.DotNet.Interactive.Commands;

namespace RuchyLab.Interactive;

/// <summary>
/// What a <c>#!magic</c> line becomes. The package binds directive parameters to properties of a
/// command by name; the parser fills <see cref="InvokedDirective"/> with the directive's name. The
/// arguments are read back from the cell's own line (see <see cref="MagicDirectives"/>), because the
/// parser keeps at most one free word and magics take free text (<c>#!timeit fib(20) + 1</c>).
/// </summary>
public sealed class RuchyMagicCommand : KernelDirectiveCommand
{
    public string? InvokedDirective { get; set; }
}
