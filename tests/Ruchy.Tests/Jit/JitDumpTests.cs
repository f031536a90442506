using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Ruchy.Execution;
using Ruchy.Jit;
using Ruchy.Switches;
using Ruchy.Tests.Parity;
using Ruchy.Tests.TestSupport;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Tests.Jit;

/// <summary>
/// <c>ruchy run --jit-dump DIR</c>: every compilation is saved as an assembly, and the saved code is what runs. Every
/// program the differential test knows must behave as on the AST tier when run that way (everything compiled at
/// once), and every saved assembly must be well-formed metadata whose every method the CLR's JIT accepts.
/// </summary>
/// <remarks>
/// ILVerify (Microsoft.ILVerification, dotnet-ilverify) is not served by this project's package feed; the CLR JIT
/// check here catches malformed IL (stack imbalance, bad branch targets, wrong operand tokens) but not every type-safety
/// violation ILVerify would. A user with ILVerify can run it on the same files.
/// </remarks>
public sealed class JitDumpTests
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var key in TierParityTests.Programs())
            if (!key.StartsWith("shared:", StringComparison.Ordinal)) data.Add(key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Program_RunsTheSameFromItsSavedAssemblies(string key)
    {
        string code = TierParityTests.Source(key);
        var source = SourceText.From(code, Path.GetFileName(key));
        var reference = Run(source, RunOptions.Default, RunHooks.None);
        var dir = Directory.CreateTempSubdirectory("ruchy-jit-dump-");
        try
        {
            var options = RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, "0").With(SwitchRegistry.JitLoopThreshold, "0");
            var saved = Run(source, options, new RunHooks { JitDumpDirectory = dir.FullName });
            Assert.True(reference == saved, $"{key} differs when run from saved assemblies:\n--- ast\n{reference}\n--- jit\n{saved}");
            foreach (var file in dir.GetFiles("*.dll")) CheckAssembly(file.FullName);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void EveryCompilationIsSavedUnderTheFunctionsName()
    {
        const string program = """
            fun fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }
            fun main() {
                let mut total = 0
                for i in 0..3000 { total = total + i % 7 }
                println(total)
                println(fib(15))
                println(fib(2.5))
            }
            """;
        var dir = Directory.CreateTempSubdirectory("ruchy-jit-dump-");
        try
        {
            var options = RunOptions.Default.WithTier("jit").With(SwitchRegistry.JitCallThreshold, "0").With(SwitchRegistry.PassInline, false);
            var trace = new StringWriter();
            var outcome = Run(SourceText.From(program, "t.ruchy"), options, new RunHooks { JitDumpDirectory = dir.FullName, JitTrace = trace });
            Assert.Equal("8994\n610\n2.0\n", outcome.Stdout);
            // fib speculates on an int n; fib(2.5) fails the entry guard and compiles the unspeculated version.
            var names = dir.GetFiles("*.dll").Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["fib.dll", "fib.generic.dll", "main.osr.dll"], names);
            Assert.Contains("jit: writing " + Path.Combine(dir.FullName, "fib.dll"), trace.ToString());
            var methods = MethodNames(Path.Combine(dir.FullName, "fib.dll"));
            Assert.Equal(["fib", "fib$entry"], methods);
            Assert.Equal(["main$osr"], MethodNames(Path.Combine(dir.FullName, "main.osr.dll")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static RuchyRunner.Outcome Run(SourceText source, RunOptions options, RunHooks hooks)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var result = RuchyEngine.Run(source, stdout, stderr, options, hooks);
        return new RuchyRunner.Outcome(stdout.ToString(), stderr.ToString(), result.ExitCode);
    }

    private static string[] MethodNames(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        return md.MethodDefinitions.Select(h => md.GetString(md.GetMethodDefinition(h).Name)).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The file's metadata reads back (every method has an IL body) and the CLR compiles every method.</summary>
    private static void CheckAssembly(string path)
    {
        using (var pe = new PEReader(File.OpenRead(path)))
        {
            var md = pe.GetMetadataReader();
            Assert.Equal(SavedAssemblySink.AssemblyName, md.GetString(md.GetAssemblyDefinition().Name));
            Assert.NotEmpty(md.MethodDefinitions);
            foreach (var h in md.MethodDefinitions)
            {
                var method = md.GetMethodDefinition(h);
                Assert.True(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!.Length > 0, $"{path}: {md.GetString(method.Name)} has no IL");
            }
        }
        var context = new AssemblyLoadContext("jit-dump-check", isCollectible: true);
        context.Resolving += (_, name) => name.Name == typeof(Value).Assembly.GetName().Name ? typeof(Value).Assembly : null;
        try
        {
            using var file = File.OpenRead(path);
            var assembly = context.LoadFromStream(file);
            foreach (var type in assembly.GetTypes())
                foreach (var m in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                    RuntimeHelpers.PrepareMethod(m.MethodHandle);
        }
        finally
        {
            context.Unload();
        }
    }
}
