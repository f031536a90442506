using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;
using Ruchy.Metta.Spaces;
using Ruchy.Metta.Stdlib;
using Ruchy.Metta.Syntax;
using Ruchy.Switches;
using Ruchy.Text;

namespace Ruchy.Metta;

/// <summary>
/// A MeTTa program's world: the module space <c>&amp;self</c>, the tokens bound by <c>bind!</c>, the
/// loaded modules, the memo cache and the switches. <see cref="RunText"/> adds plain atoms to
/// <c>&amp;self</c> and evaluates <c>!</c> atoms in order, each seeing the effects of the previous ones.
/// </summary>
public sealed class MettaRuntime
{
    /// <summary>The switches; only the MeTTa ones matter here.</summary>
    public RunOptions Options { get; }
    public MettaSpace Self { get; }
    /// <summary>Where println! writes; a notebook points it at each cell's output.</summary>
    public TextWriter Out { get; set; }
    public TextWriter Err { get; set; }
    /// <summary>Raised from another thread to stop evaluation at its next step (notebooks).</summary>
    public Execution.InterruptFlag Interrupt { get; set; } = Execution.InterruptFlag.Never;
    public string BaseDirectory { get; set; }

    private readonly Dictionary<string, Atom> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MettaSpace> _modules;
    private readonly Dictionary<MemoKey, Atom[]> _memo = new();
    private readonly Machine _machine;
    private const int MemoCapacity = 200_000;

    static MettaRuntime() => Natives.EnsureRegistered();

    public MettaRuntime(RunOptions? options = null, TextWriter? output = null, TextWriter? error = null, string? baseDirectory = null)
        : this(options ?? RunOptions.Default, output ?? TextWriter.Null, error ?? TextWriter.Null, baseDirectory ?? Directory.GetCurrentDirectory(), new MettaSpace("&self"), new Dictionary<string, MettaSpace>())
    {
    }

    private MettaRuntime(RunOptions options, TextWriter output, TextWriter error, string baseDirectory, MettaSpace self, Dictionary<string, MettaSpace> modules)
    {
        Options = options;
        Out = output;
        Err = error;
        BaseDirectory = baseDirectory;
        Self = self;
        _modules = modules;
        _tokens["&self"] = new SpaceAtom(Self);
        _machine = new Machine(this);
    }

    public Machine Machine => _machine;

    public void BindToken(string name, Atom value) { lock (_tokens) _tokens[name] = value; }

    public Atom? Token(string word) { lock (_tokens) return _tokens.TryGetValue(word, out var a) ? a : null; }

    /// <summary>Parses text with this runtime's tokens (e.g. <c>&amp;self</c>).</summary>
    public List<Atom> Parse(string text) => MettaParser.ParseAll(text, Token);

    /// <summary>Evaluates one atom against <c>&amp;self</c>.</summary>
    public List<Atom> Evaluate(Atom atom) => _machine.Evaluate(atom);

    /// <summary>Evaluates MeTTa text's <c>!</c> queries (adding its other atoms) and returns the last query's results.</summary>
    public List<Atom> Run(string text)
    {
        var report = RunText(text, "<text>");
        if (report.FatalError != null) throw new InvalidOperationException(report.FatalError);
        return report.Queries.Count == 0 ? new List<Atom>() : report.Queries[^1].Results.ToList();
    }

    /// <summary>Runs a program; <paramref name="onQuery"/> sees each query result as soon as it exists.</summary>
    public RunReport RunText(string text, string file, Action<QueryResult>? onQuery = null)
    {
        var parser = new MettaParser(text, file, Token);
        var queries = new List<QueryResult>();
        string? fatal = null;
        try
        {
            // A syntax error anywhere stops the program before its first query runs (it used to print earlier results first).
            MettaParser.CheckSyntax(text, file);
            while (parser.Next() is { } item)
            {
                if (!item.IsQuery) { Self.Add(item.Atom); continue; }
                var results = _machine.Evaluate(item.Atom);
                var q = new QueryResult(item.Atom, results, file, item.Line, item.Column);
                queries.Add(q);
                onQuery?.Invoke(q);
            }
        }
        catch (MettaSyntaxException ex) { fatal = ex.Message; }
        return new RunReport(queries, fatal, CountAssertsInSource(text));
    }

    public RunReport RunFile(string path, Action<QueryResult>? onQuery = null)
    {
        BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? BaseDirectory;
        return RunText(SourceFile.ReadText(path), path, onQuery);
    }

    /// <summary><c>!(assert…</c> occurrences outside comments: what a script would run if it got to the end.</summary>
    public static int CountAssertsInSource(string text)
    {
        int count = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            int semi = line.IndexOf(';');
            if (semi >= 0) line = line[..semi];
            int at = 0;
            while ((at = line.IndexOf("!(assert", at, StringComparison.Ordinal)) >= 0) { count++; at += 8; }
        }
        return count;
    }

    /// <summary>Loads a module file once (by full path) into its own space and runs its queries.</summary>
    public MettaSpace ImportModule(string name)
    {
        var path = Path.GetFullPath(Path.Combine(BaseDirectory, name.EndsWith(".metta", StringComparison.Ordinal) ? name : name + ".metta"));
        lock (_modules)
        {
            if (_modules.TryGetValue(path, out var loaded)) return loaded;
        }
        if (!File.Exists(path)) throw new MettaRuntimeError($"module not found: {name}");
        string text;
        try { text = SourceFile.ReadText(path, Path.GetFileName(path)); }
        catch (SourceEncodingException e) { throw new MettaRuntimeError(e.Message); }
        var space = new MettaSpace(Path.GetFileNameWithoutExtension(path));
        lock (_modules) _modules[path] = space;
        var module = new MettaRuntime(Options, Out, Err, Path.GetDirectoryName(path)!, space, _modules);
        var report = module.RunText(text, path);
        if (report.FatalError != null) throw new MettaRuntimeError(report.FatalError);
        SymbolTable.CompareByName = !Options.IsOn(SwitchRegistry.MettaInterning);
        return space;
    }

    // ---- memo cache ----------------------------------------------------------------------------

    /// <summary>Empties the memo cache (benchmarks start each operation cold).</summary>
    public void ClearMemo() { lock (_memo) _memo.Clear(); }

    internal bool MemoTryGet(MemoKey key, out Atom[] results)
    {
        lock (_memo) return _memo.TryGetValue(key, out results!);
    }

    internal void MemoPut(MemoKey key, Atom[] results)
    {
        if (key.Version != MettaSpace.GlobalVersion) return; // the space changed meanwhile: do not trust it
        lock (_memo)
        {
            if (_memo.Count >= MemoCapacity) _memo.Clear();
            _memo[key] = results;
        }
    }
}
