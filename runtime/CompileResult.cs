using Ruchy.Semantics;
using Ruchy.Syntax.Ast;
using Ruchy.Text;

namespace Ruchy;

/// <summary>Result of front-end work on one file: the tree and every diagnostic.</summary>
public sealed record CompileResult(SourceText Source, ProgramAst? Ast, BoundProgram? Program, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
