using Ruchy.Switches;
using BenchmarkDotNet.Attributes;
using Ruchy.Metta;
using Ruchy.Metta.Atoms;

namespace Ruchy.Benchmarks;

/// <summary>MeTTa programs: fib 25 (guarded <c>if</c>), N-queens 6/7, family-tree ancestor queries.
/// <c>Switches</c> runs each with every optimization on, then all off, in the same run.</summary>
[MemoryDiagnoser]
public class MettaProgramBenchmarks
{
    [Params("on", "off")]
    public string Switches = "on";

    [Params("fib25", "queens6", "queens7", "family1000", "family10000")]
    public string Workload = "fib25";

    private MettaRuntime _rt = null!;
    private Atom _query = null!;
    private string _expected = "";

    public const string Fib = "(= (fib $n) (if (< $n 2) $n (+ (fib (- $n 1)) (fib (- $n 2)))))";

    /// <summary>Nondeterministic N-queens: pick a column per row, keep it if no placed queen attacks it.</summary>
    public const string Queens = """
        (= (pick $cols) (superpose $cols))
        (= (safe $q $d $placed)
           (if (== $placed ()) True
             (let ($h $t) (decons-atom $placed)
               (if (or (== $q $h) (or (== $q (+ $h $d)) (== $q (- $h $d)))) False (safe $q (+ $d 1) $t)))))
        (= (queens $cols $k $placed)
           (if (== $k 0) $placed
             (let $q (pick $cols)
               (if (safe $q 1 $placed) (queens $cols (- $k 1) (cons-atom $q $placed)) (empty)))))
        """;

    /// <summary>Ancestors through <c>(child c p)</c> facts of a binary tree (node i's parent is i/2).</summary>
    public const string Family = """
        (= (anc $c) (match &self (child $c $p) $p))
        (= (anc $c) (match &self (child $c $p) (anc $p)))
        """;

    [GlobalSetup]
    public void Setup()
    {
        var options = Switches == "on" ? RunOptions.Default : RunOptions.Default.With("all=off", SwitchDomain.Metta);
        _rt = new MettaRuntime(options);
        switch (Workload)
        {
            case "fib25":
                _rt.RunText(Fib, "fib.metta");
                _query = _rt.Parse("(fib 25)")[0];
                _expected = "[75025]";
                break;
            case "queens6":
            case "queens7":
                int n = Workload == "queens6" ? 6 : 7;
                _rt.RunText(Queens, "queens.metta");
                var cols = string.Join(" ", Enumerable.Range(1, n));
                _query = _rt.Parse($"(let $s (collapse (queens ({cols}) {n} ())) (size-atom $s))")[0];
                _expected = n == 6 ? "[4]" : "[40]";
                break;
            default:
                int facts = Workload == "family1000" ? 1000 : 10000;
                _rt.RunText(Family, "family.metta");
                for (int i = 2; i <= facts + 1; i++) _rt.Self.Add(_rt.Parse($"(child p{i} p{i / 2})")[0]);
                _query = _rt.Parse($"(collapse (anc p{facts + 1}))")[0];
                _expected = "";
                break;
        }
        var got = AtomPrinter.FormatResults(Run());
        if (_expected != "" && got != _expected) throw new InvalidOperationException($"{Workload}: got {got}, expected {_expected}");
    }

    private List<Atom> Run()
    {
        _rt.ClearMemo(); // every operation starts with a cold cache
        return _rt.Evaluate(_query);
    }

    [Benchmark]
    public int Program() => Run().Count;
}

/// <summary><c>match</c> of one keyed pattern over 1,000 and 1,000,000 atoms (index on vs off).</summary>
[MemoryDiagnoser]
public class MettaMatchBenchmarks
{
    [Params("on", "off")]
    public string Switches = "on";

    [Params(1_000, 1_000_000)]
    public int Atoms;

    private MettaRuntime _rt = null!;
    private Atom _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = Switches == "on" ? RunOptions.Default : RunOptions.Default.With("all=off", SwitchDomain.Metta);
        _rt = new MettaRuntime(options);
        var item = SymbolTable.Intern("item");
        for (int i = 0; i < Atoms; i++) _rt.Self.Add(new Expr([item, Num.Of(i), SymbolTable.Intern("v" + (i % 97))]));
        _query = _rt.Parse($"(match &self (item {Atoms / 2} $v) $v)")[0];
        if (AtomPrinter.FormatResults(_rt.Evaluate(_query)) != $"[v{Atoms / 2 % 97}]") throw new InvalidOperationException("wrong match result");
    }

    [Benchmark]
    public int Match() => _rt.Evaluate(_query).Count;
}
