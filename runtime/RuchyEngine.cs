using Ruchy.Builtins;
using Ruchy.Interpreter;
using Ruchy.Semantics;
using Ruchy.Syntax;
using Ruchy.Syntax.Ast;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy;

/// <summary>The execution tiers. Only the AST interpreter exists so far; the others plug in here.</summary>
public enum Tier
{
    Ast,
}

/// <summary>Result of front-end work on one file: the tree and every diagnostic.</summary>
public sealed record CompileResult(SourceText Source, ProgramAst? Ast, BoundProgram? Program, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>How a run ended: exit code 0 (success), 1 (syntax or runtime error) or the program's exit(n).</summary>
public sealed record RunResult(int ExitCode, RuchyError? Error = null, Value Value = default);

/// <summary>
/// Facade over the pipeline: source → tokens → AST → resolved tree → tier. Runs on a thread with
/// a large stack so that deep (but bounded) recursion reports a Ruchy "stack overflow" error
/// instead of killing the process.
/// </summary>
public static class RuchyEngine
{
    /// <summary>Stack of the thread that runs programs: room for <see cref="TreeWalker.DefaultMaxDepth"/> nested calls.</summary>
    public const int ExecutionStackBytes = 1024 * 1024 * 1024;

    public static CompileResult Parse(SourceText source)
    {
        var diagnostics = new DiagnosticBag(source);
        var ast = Parser.Parse(source, diagnostics);
        return new CompileResult(source, ast, null, diagnostics.Items);
    }

    /// <summary>Parses and resolves. Warnings (e.g. undefined names) do not stop a run; errors do.</summary>
    public static CompileResult Compile(SourceText source)
    {
        var diagnostics = new DiagnosticBag(source);
        var ast = Parser.Parse(source, diagnostics);
        BoundProgram? program = null;
        if (!diagnostics.HasErrors) program = Resolver.Resolve(ast, source, diagnostics);
        return new CompileResult(source, ast, program, diagnostics.Items);
    }

    /// <summary>
    /// Compiles and runs a program. Program output goes to <paramref name="stdout"/>; diagnostics and
    /// runtime errors to <paramref name="stderr"/> as <c>file:line:col: message</c> / <c>Error: ...</c>.
    /// </summary>
    public static RunResult Run(SourceText source, TextWriter stdout, TextWriter stderr, Tier tier = Tier.Ast)
    {
        RunResult result = new(0);
        Exception? crash = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunOnThisThread(source, stdout, stderr, tier);
            }
            catch (Exception e)
            {
                crash = e;
            }
        }, ExecutionStackBytes);
        thread.Start();
        thread.Join();
        if (crash != null) throw new InvalidOperationException("internal error in the Ruchy runtime: " + crash.Message, crash);
        return result;
    }

    private static RunResult RunOnThisThread(SourceText source, TextWriter stdout, TextWriter stderr, Tier tier)
    {
        var compiled = Compile(source);
        if (compiled.HasErrors)
        {
            foreach (var d in compiled.Diagnostics.Where(d => d.IsError)) stderr.WriteLine(d.ToString());
            return new RunResult(1);
        }
        var walker = new TreeWalker(source, stdout, stderr);
        try
        {
            var value = walker.Run(compiled.Program!);
            stdout.Flush();
            return new RunResult(0, null, value);
        }
        catch (RuchyError e)
        {
            stdout.Flush();
            WriteError(stderr, source, e);
            return new RunResult(1, e);
        }
        catch (ProgramExit exit)
        {
            stdout.Flush();
            return new RunResult(exit.Code);
        }
        catch (InsufficientExecutionStackException)
        {
            stdout.Flush();
            var e = new RuchyError("stack overflow: a value is nested too deeply to compare, hash or print");
            WriteError(stderr, source, e);
            return new RunResult(1, e);
        }
        catch (OutOfMemoryException)
        {
            stdout.Flush();
            var e = new RuchyError("out of memory");
            WriteError(stderr, source, e);
            return new RunResult(1, e);
        }
    }

    /// <summary>Writes <c>Error: message</c>, then the location and the call stack, one per line.</summary>
    public static void WriteError(TextWriter stderr, SourceText source, RuchyError e)
    {
        stderr.WriteLine($"Error: {e.Message}");
        if (e.HasLocation) stderr.WriteLine($"  at {source.Path}:{e.Line}:{e.Column}");
        foreach (var line in e.StackTraceLines) stderr.WriteLine("  " + line);
        stderr.Flush();
    }
}
