using System.Reflection;
using Ruchy.Tests.TestSupport;

namespace Ruchy.Tests.Architecture;

/// <summary>
/// Data flows one way (docs/architecture.md): source → tokens → AST → resolved tree → tiers. These
/// tests keep the edges that would let a stage reach back from coming in again. Each rule is checked
/// twice: on the source files of its folders (usings and qualified names) and on the compiled types of
/// its namespaces in Ruchy.Runtime (signatures, locals and IL tokens).
/// </summary>
public sealed class LayeringTests
{
    /// <summary>
    /// A dependency rule over top-level runtime namespaces (runtime/X is Ruchy.X; "" is the facade
    /// namespace Ruchy). Code in <c>From</c> may use only <c>Allowed</c> when that is given, and never <c>Forbidden</c>.
    /// </summary>
    private sealed record Rule(string Name, string[] From, string[]? Allowed, string[] Forbidden);

    private static readonly Rule[] Rules =
    [
        // The lexer, parser and AST use the shared operator/shape enums, source text and diagnostics, and the
        // float/string formatting that prints tokens and literals; no runtime value, resolver or tier.
        new("front end", ["Syntax"], Allowed: ["Core", "Text", "Formatting"], Forbidden: []),
        // Values and what works on them are shared by every tier; they know operators from Core, not the AST.
        new("values", ["Values", "Builtins", "Formatting", "Execution"], Allowed: null, Forbidden: ["Syntax"]),
        // Tiers start from the resolved tree.
        new("tiers", ["Interpreter", "Compiler", "Bytecode", "Vm"], Allowed: null, Forbidden: ["Syntax"]),
        // Core is the bottom layer.
        new("core", ["Core"], Allowed: [], Forbidden: []),
    ];

    public static TheoryData<string> RuleNames => new(Rules.Select(r => r.Name));

    private static string RuntimeDir => Path.Combine(RepoPaths.Root, "runtime");

    private static readonly Assembly Runtime = typeof(RuchyEngine).Assembly;

    /// <summary>The top-level runtime namespaces: one per folder of runtime/.</summary>
    private static string[] TopLevelNamespaces => Directory.GetDirectories(RuntimeDir)
        .Select(Path.GetFileName)
        .Where(n => n is not ("bin" or "obj"))
        .ToArray()!;

    private static bool Violates(Rule rule, string top) =>
        !rule.From.Contains(top) && (rule.Allowed is { } allowed ? !allowed.Contains(top) : rule.Forbidden.Contains(top));

    private static string Describe(Rule rule) => rule.Allowed is { } a
        ? $"{string.Join(", ", rule.From)} may use only {(a.Length == 0 ? "System" : string.Join(", ", a.Select(n => "Ruchy." + n)))}"
        : $"{string.Join(", ", rule.From)} must not use {string.Join(", ", rule.Forbidden.Select(n => "Ruchy." + n))}";

    private static Rule Find(string name) => Rules.Single(r => r.Name == name);

    /// <summary>Ruchy.X.Y → "X", Ruchy → "", anything else → null.</summary>
    private static string? TopLevel(string? ns)
    {
        if (ns == "Ruchy") return "";
        if (ns == null || !ns.StartsWith("Ruchy.", StringComparison.Ordinal)) return null;
        int dot = ns.IndexOf('.', 6);
        return dot < 0 ? ns[6..] : ns[6..dot];
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Layering_SourceFiles_KeepTheRule(string name)
    {
        var rule = Find(name);
        var tops = TopLevelNamespaces;
        var violations = new List<string>();
        int files = 0;
        foreach (var folder in rule.From)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RuntimeDir, folder), "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files++;
                foreach (var (top, line) in SourceReferences.Of(File.ReadAllText(file), tops))
                    if (Violates(rule, top))
                        violations.Add($"{Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/')}:{line} uses {(top == "" ? "Ruchy (the facade)" : "Ruchy." + top)}");
            }
        }
        Assert.True(files > 0, $"no source files in runtime/{string.Join(", runtime/", rule.From)}");
        Assert.True(violations.Count == 0, $"{Describe(rule)}:\n  {string.Join("\n  ", violations)}");
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Layering_CompiledTypes_KeepTheRule(string name)
    {
        var rule = Find(name);
        var types = Runtime.GetTypes().Where(t => TopLevel(t.Namespace) is { } top && rule.From.Contains(top)).ToList();
        Assert.True(types.Count > 0, $"no types in namespaces {string.Join(", ", rule.From.Select(n => "Ruchy." + n))}");
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in types)
            foreach (var (referenced, where) in AssemblyReferences.Of(type))
                if (TopLevel(referenced.Namespace) is { } top && Violates(rule, top))
                    violations.Add($"{type.FullName}.{where} refers to {referenced.FullName}");
        Assert.True(violations.Count == 0, $"{Describe(rule)}:\n  {string.Join("\n  ", violations)}");
    }

    // The checks above pass vacuously if the scanners see nothing: these show that they see real edges.

    [Fact]
    public void SourceReferences_FindUsingsAndQualifiedNames_NotCommentsOrStrings()
    {
        string[] tops = ["Values", "Syntax", "Core", "Text"];
        const string code = """
            using System.Text;
            using Ruchy.Core;
            // using Ruchy.Text; mentions Values.Value
            /* Syntax.Ast.Expr */
            namespace Ruchy.Semantics;
            class C
            {
                string a = "Ruchy.Text and Values.Value";
                string b = @"Syntax.Ast ""quoted"" Values.X";
                string c = $"{Values.Value.Nil} Text.X {{Syntax.Y}}";
                char d = '"';
                int e = dict.Values.Count + list.Text.Length;
                global::Ruchy.Syntax.Ast.Expr? f;
            }
            """;
        var found = SourceReferences.Of(code, tops);
        Assert.Equal(["Core", "Semantics", "Syntax", "Values"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, found["Core"]);
        Assert.Equal(10, found["Values"]);
        Assert.Equal(13, found["Syntax"]);
        Assert.Equal([""], SourceReferences.Of("using Ruchy;\nclass C { }", tops).Keys);
    }

    [Fact]
    public void Scanners_SeeTheResolversEdges()
    {
        var tops = TopLevelNamespaces;
        var source = File.ReadAllText(Path.Combine(RuntimeDir, "Semantics", "Resolver.Expressions.cs"));
        var inSource = SourceReferences.Of(source, tops).Keys.ToHashSet();
        Assert.Superset(new HashSet<string> { "Core", "Syntax", "Values" }, inSource);

        var resolver = Runtime.GetType("Ruchy.Semantics.Resolver", throwOnError: true)!;
        var referenced = AssemblyReferences.Of(resolver).Select(r => r.Referenced.FullName).ToHashSet();
        Assert.Superset(new HashSet<string?> { "Ruchy.Syntax.Ast.LiteralExpr", "Ruchy.Syntax.Ast.Literal", "Ruchy.Values.Value", "Ruchy.Core.BinaryOp" }, referenced);
    }
}
