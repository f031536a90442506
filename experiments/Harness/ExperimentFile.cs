using System.Globalization;
using System.Text.RegularExpressions;
using Ruchy.Experiments.Workloads;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using Ruchy.Switches;
using Ruchy.Text;

namespace Ruchy.Experiments.Harness;

/// <summary>The hypothesis: a sentence and the effect it predicts on its metric (e.g. a 2x speedup).</summary>
public sealed class HypothesisSpec
{
    public string? Text { get; set; }
    public string Metric { get; set; } = "wall_time";
    /// <summary>Baseline / treatment on the metric predicted by the hypothesis (2.0: the treatment takes at most half the time).</summary>
    public double? ExpectedSpeedup { get; set; }
}

/// <summary>One run-time switch varied by the experiment: its levels and which of them is the baseline.</summary>
public sealed class FactorSpec
{
    public List<string>? Levels { get; set; }
    public string? Baseline { get; set; }
}

/// <summary>
/// A named arm (<c>arms:</c>): one configuration given as the switches it sets, compared with the arm named by
/// <c>baseline:</c>. Arms say directly which configurations matter when a full factorial would be mostly noise
/// (e.g. <c>opt=O0..O3</c> and one pass off at a time, all under <c>ir=on</c>).
/// </summary>
public sealed class ArmSpec
{
    public string? Name { get; set; }
    public List<string>? Switches { get; set; }
}

/// <summary>A program under datasets/ at a size: quick, default (from datasets/manifest.yaml) or a number.</summary>
public sealed class WorkloadSpec
{
    public string? Path { get; set; }
    public string Size { get; set; } = "default";
    [YamlIgnore] public string FullPath { get; set; } = "";
    /// <summary>The <c>let ITERATIONS = N</c> value for this run of the experiment (quick runs use the manifest's quick size).</summary>
    [YamlIgnore] public long ResolvedSize { get; set; }
    [YamlIgnore] public long QuickSize { get; set; }
    /// <summary>Short name for tables: the path under datasets/ without extension.</summary>
    [YamlIgnore] public string Name { get; set; } = "";
}

public sealed class DesignSpec
{
    public int? ProcessRuns { get; set; }
    public int? Iterations { get; set; }
    public int WarmupIterations { get; set; }
    public int? Seed { get; set; }
    public bool Randomize { get; set; } = true;
    /// <summary>When to stop adding process runs; null is <c>fixed</c> (exactly <see cref="ProcessRuns"/>).</summary>
    public StoppingSpec? Stopping { get; set; }
}

/// <summary>
/// <c>design.stopping</c>: the scalar <c>fixed</c> (the planned process runs, no more), or the mapping
/// <c>{ci_half_width: 0.05, max_process_runs: 20}</c>: after the planned runs, add interleaved rounds of one
/// process run per configuration on every workload whose ratio interval is still wider than ±ci_half_width
/// (relative), until none is or a workload has max_process_runs per configuration.
/// </summary>
public sealed class StoppingSpec : IYamlConvertible
{
    /// <summary>The scalar form as written (valid only as <c>fixed</c>); null for the mapping form.</summary>
    public string? Scalar { get; private set; }
    /// <summary>The mapping form's keys and values as written, checked by <see cref="ExperimentFile"/>'s validation.</summary>
    public Dictionary<string, string> Keys { get; private set; } = [];
    public bool IsAdaptive => Scalar == null;

    /// <summary>The target relative half-width, when given as a number between 0 and 1.</summary>
    public double? CiHalfWidth =>
        Keys.TryGetValue("ci_half_width", out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double w) && w > 0 && w < 1 ? w : null;

    /// <summary>The cap on process runs per configuration and workload, when given as a positive whole number.</summary>
    public int? MaxProcessRuns =>
        Keys.TryGetValue("max_process_runs", out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m >= 1 ? m : null;

    public static StoppingSpec Adaptive(double ciHalfWidth, int maxProcessRuns) => new()
    {
        Keys = new()
        {
            ["ci_half_width"] = ciHalfWidth.ToString(CultureInfo.InvariantCulture),
            ["max_process_runs"] = maxProcessRuns.ToString(CultureInfo.InvariantCulture),
        },
    };

    /// <summary>"fixed", or "ci_half_width ≤ 5% or 20 process runs": how the report names the rule.</summary>
    public string Describe() => IsAdaptive
        ? string.Format(CultureInfo.InvariantCulture, "adaptive: until every workload's ratio interval is within ±{0:0.##}% or {1} process runs per configuration", CiHalfWidth * 100, MaxProcessRuns)
        : "fixed";

    void IYamlConvertible.Read(IParser parser, Type expectedType, ObjectDeserializer nestedObjectDeserializer)
    {
        // Either form is accepted here; what the values mean is checked with the rest of the file, so every problem is listed at once.
        if (parser.TryConsume<YamlDotNet.Core.Events.Scalar>(out var scalar))
        {
            Scalar = scalar.Value;
            return;
        }
        Keys = (Dictionary<string, string>?)nestedObjectDeserializer(typeof(Dictionary<string, string>)) ?? [];
    }

    void IYamlConvertible.Write(IEmitter emitter, ObjectSerializer nestedObjectSerializer)
    {
        if (!IsAdaptive) nestedObjectSerializer(Scalar);
        else nestedObjectSerializer(Keys);
    }
}

/// <summary>An experiment definition (experiments/*.yaml), loaded and validated.</summary>
public sealed partial class ExperimentFile
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Background { get; set; }
    public HypothesisSpec? Hypothesis { get; set; }
    public Dictionary<string, FactorSpec>? Factors { get; set; }
    /// <summary>Named configurations instead of <see cref="Factors"/> (exactly one of the two).</summary>
    public List<ArmSpec>? Arms { get; set; }
    /// <summary>With <see cref="Arms"/>: the name of the arm every other is compared with.</summary>
    public string? Baseline { get; set; }
    public List<WorkloadSpec>? Workloads { get; set; }
    public List<string>? Metrics { get; set; }
    public DesignSpec? Design { get; set; }
    public bool Blind { get; set; }
    /// <summary>Switches held fixed in every configuration (e.g. <c>engine=register</c> while a host switch varies).</summary>
    public List<string>? Switches { get; set; }

    [YamlIgnore] public string SourcePath { get; private set; } = "";
    [YamlIgnore] public string Text { get; private set; } = "";

    /// <summary>The configurations to compare, baseline first: the factorial design of the factors, or the arms.</summary>
    [YamlIgnore] public IReadOnlyList<Configuration> Configurations => RunPlan.Configurations(this);

    /// <summary>Switches a measured <c>ruchy measure</c> process takes: Ruchy's on its command line, the host's in its environment.</summary>
    internal static readonly SwitchDomain[] MeasuredDomains = [SwitchDomain.Ruchy, SwitchDomain.Host];

    public static readonly IReadOnlyList<string> KnownMetrics = ["wall_time", "cpu_time", "allocated_bytes", "gc_count", "gc_pause"];

    /// <summary>Loads and validates; every problem found is reported at once in an <see cref="ExperimentFileException"/>.</summary>
    public static ExperimentFile Load(string path)
    {
        if (!File.Exists(path)) throw new ExperimentFileException(path, [$"{path}: no such file"]);
        string text = File.ReadAllText(path);
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        ExperimentFile? file;
        try
        {
            file = deserializer.Deserialize<ExperimentFile>(text);
        }
        catch (YamlException e)
        {
            throw new ExperimentFileException(path, [$"{path}:{e.Start.Line}:{e.Start.Column}: {ExplainTypeError(e, text) ?? Explain(e)}"]);
        }
        if (file == null) throw new ExperimentFileException(path, [$"{path}: the file is empty"]);
        file.SourcePath = Path.GetFullPath(path);
        file.Text = text;
        var errors = file.Validate(KeyLines(text));
        if (errors.Count > 0) throw new ExperimentFileException(path, errors);
        return file;
    }

    [GeneratedRegex(@"Property '([^']+)' not found on type '[^']*?\.?(\w+)'")]
    private static partial Regex UnknownProperty();

    /// <summary>YamlDotNet's messages in the file's vocabulary: an unknown key, or a value of the wrong type.</summary>
    private static string Explain(YamlException e)
    {
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            var m = UnknownProperty().Match(x.Message);
            if (m.Success)
            {
                string section = m.Groups[2].Value switch
                {
                    nameof(ExperimentFile) => "the top level",
                    nameof(HypothesisSpec) => "hypothesis",
                    nameof(FactorSpec) => "a factor",
                    nameof(ArmSpec) => "an arm",
                    nameof(WorkloadSpec) => "a workload",
                    nameof(DesignSpec) => "design",
                    var other => other,
                };
                return $"unknown key '{m.Groups[1].Value}' in {section}";
            }
        }
        var inner = e.InnerException?.Message;
        return inner != null ? $"{e.Message.TrimEnd('.')}: {inner}" : e.Message;
    }

    /// <summary>
    /// A value of the wrong type (YamlDotNet reports a failed cast or number format at the value): which key,
    /// the type its property expects and what the file has. Null when the error is something else.
    /// </summary>
    private static string? ExplainTypeError(YamlException e, string text)
    {
        if (UnknownProperty().IsMatch(e.Message) || (e.InnerException != null && UnknownProperty().IsMatch(e.InnerException.Message))) return null;
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException) { return null; } // a syntax error: YamlDotNet's own message says it best
        if (stream.Documents.Count == 0) return null;
        string? key = null;
        YamlNode? found = null;
        void Walk(YamlNode node, string path)
        {
            if (key != null) return;
            if (path.Length > 0 && node.Start.Line == e.Start.Line && node.Start.Column == e.Start.Column)
            {
                key = path;
                found = node;
                return;
            }
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (k, value) in map.Children) Walk(value, path.Length == 0 ? k.ToString() : $"{path}.{k}");
                    break;
                case YamlSequenceNode seq:
                    for (int i = 0; i < seq.Children.Count; i++) Walk(seq.Children[i], $"{path}[{i}]");
                    break;
            }
        }
        Walk(stream.Documents[0].RootNode, "");
        if (key == null || TypeAt(typeof(ExperimentFile), key) is not { } expected) return null;
        string actual = found switch
        {
            YamlScalarNode scalar => $"'{scalar.Value}'",
            YamlSequenceNode => "a list",
            _ => "a mapping",
        };
        return $"{key}: expected {Describe(expected)}, found {actual}";
    }

    /// <summary>The property type a key path (<c>design.process_runs</c>, <c>arms[0].switches</c>) deserializes into, or null.</summary>
    private static Type? TypeAt(Type root, string path)
    {
        Type? type = root;
        foreach (var part in path.Split('.'))
        {
            string name = part;
            int brackets = 0;
            while (name.EndsWith(']'))
            {
                name = name[..name.LastIndexOf('[')];
                brackets++;
            }
            type = Member(type!, name);
            for (int i = 0; i < brackets && type != null; i++) type = ElementType(type);
            if (type == null) return null;
        }
        return type;
    }

    private static Type? Member(Type type, string key)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)) return type.GetGenericArguments()[1];
        string wanted = key.Replace("_", "", StringComparison.Ordinal);
        foreach (var p in type.GetProperties())
            if (string.Equals(p.Name, wanted, StringComparison.OrdinalIgnoreCase) && !p.IsDefined(typeof(YamlIgnoreAttribute), true)) return p.PropertyType;
        return null;
    }

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>A type in the file's vocabulary.</summary>
    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int) || type == typeof(long)) return "an integer";
        if (type == typeof(double)) return "a number";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(string)) return "a string";
        if (ElementType(type) is { } element) return $"a list of {Describe(element) switch { "a string" => "strings", "an integer" => "integers", "a number" => "numbers", var d => d.StartsWith("a ", StringComparison.Ordinal) ? d[2..] + "s" : d }}";
        return "a mapping (key: value lines)";
    }

    /// <summary>
    /// The line of every key and sequence item, by the path validation names it with (<c>design.stopping</c>,
    /// <c>arms[2].switches[0]</c>), so an error points at the line to fix.
    /// </summary>
    private static Dictionary<string, int> KeyLines(string text)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException) { return lines; } // already parsed once; positions are a convenience
        void Walk(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode map:
                    foreach (var (key, value) in map.Children)
                    {
                        string child = path.Length == 0 ? key.ToString() : $"{path}.{key}";
                        lines.TryAdd(child, (int)key.Start.Line);
                        Walk(value, child);
                    }
                    break;
                case YamlSequenceNode seq:
                    for (int i = 0; i < seq.Children.Count; i++)
                    {
                        string child = $"{path}[{i}]";
                        lines.TryAdd(child, (int)seq.Children[i].Start.Line);
                        Walk(seq.Children[i], child);
                    }
                    break;
            }
        }
        if (stream.Documents.Count > 0) Walk(stream.Documents[0].RootNode, "");
        return lines;
    }

    /// <summary>The line of <paramref name="key"/>, else of the nearest enclosing key that is in the file (a missing key: its parent's).</summary>
    private static int? LineOf(IReadOnlyDictionary<string, int> lines, string key)
    {
        while (key.Length > 0)
        {
            if (lines.TryGetValue(key, out int line)) return line;
            int cut = key.EndsWith(']') ? key.LastIndexOf('[') : key.LastIndexOf('.');
            if (cut <= 0) return null;
            key = key[..cut];
        }
        return null;
    }

    private List<string> Validate(IReadOnlyDictionary<string, int> lines)
    {
        var errors = new List<string>();
        void Error(string key, string problem) =>
            errors.Add(LineOf(lines, key) is int line ? $"{SourcePath}:{line}: {key}: {problem}" : $"{SourcePath}: {key}: {problem}");

        if (string.IsNullOrWhiteSpace(Id)) Error("id", "missing key");
        else if (!IdPattern().IsMatch(Id)) Error("id", $"'{Id}' must be letters, digits, '-' or '_'");
        if (string.IsNullOrWhiteSpace(Title)) Error("title", "missing key");
        if (Hypothesis == null) Error("hypothesis", "missing key");
        else
        {
            if (string.IsNullOrWhiteSpace(Hypothesis.Text)) Error("hypothesis.text", "missing key");
            if (Hypothesis.ExpectedSpeedup is double s && !(s > 0)) Error("hypothesis.expected_speedup", $"must be a positive number, not {s}");
            if (!KnownMetrics.Contains(Hypothesis.Metric)) Error("hypothesis.metric", $"unknown metric '{Hypothesis.Metric}'; known: {string.Join(", ", KnownMetrics)}");
        }

        var held = ValidateFixedSwitches(Error);
        bool hasFactors = Factors is { Count: > 0 }, hasArms = Arms is { Count: > 0 };
        if (Factors != null && Arms != null) Error("arms", "give either factors or arms, not both");
        else if (!hasFactors && !hasArms)
            Error(Arms != null ? "arms" : "factors", "missing key (factors: switches with their levels, or arms: named configurations)");
        else if (hasFactors) ValidateFactors(held, Error);
        else ValidateArms(held, Error);
        if (Baseline != null && Arms == null) Error("baseline", "belongs to arms (the name of the baseline arm); a factor names its baseline level under factors.NAME.baseline");

        if (Workloads == null || Workloads.Count == 0) Error("workloads", "missing key (at least one program)");
        else
        {
            for (int i = 0; i < Workloads.Count; i++)
            {
                var w = Workloads[i];
                string key = $"workloads[{i}]";
                if (string.IsNullOrWhiteSpace(w.Path)) { Error($"{key}.path", "missing key"); continue; }
                var full = ResolvePath(w.Path);
                if (full == null) { Error($"{key}.path", $"no such file '{w.Path}' (paths are relative to the repository, e.g. datasets/micro/fibonacci.ruchy)"); continue; }
                w.FullPath = full;
                w.Name = WorkloadName(full);
                ResolveSize(w, key, Error);
            }
        }

        if (Metrics == null || Metrics.Count == 0) Error("metrics", "missing key");
        else foreach (var m in Metrics.Where(m => !KnownMetrics.Contains(m))) Error("metrics", $"unknown metric '{m}'; known: {string.Join(", ", KnownMetrics)}");

        if (Design == null) Error("design", "missing key");
        else
        {
            if (Design.ProcessRuns is not int runs) Error("design.process_runs", "missing key");
            else if (runs < 1) Error("design.process_runs", "must be at least 1");
            if (Design.Iterations is not int its) Error("design.iterations", "missing key");
            else if (its < 1) Error("design.iterations", "must be at least 1");
            if (Design.WarmupIterations < 0) Error("design.warmup_iterations", "must not be negative");
            if (Design.Seed == null) Error("design.seed", "missing key (the randomization must be reproducible)");
            if (Design.Stopping != null) ValidateStopping(Design.Stopping, Design.ProcessRuns, Error);
        }
        return errors;
    }

    /// <summary>The fixed <c>switches:</c>, parsed (index, switch, canonical value); a bad one is reported and left out.</summary>
    private List<(int Index, Switch Switch, string Value)> ValidateFixedSwitches(Action<string, string> error)
    {
        var held = new List<(int, Switch, string)>();
        if (Switches == null) return held;
        for (int i = 0; i < Switches.Count; i++)
        {
            string assignment = Switches[i] ?? "";
            try
            {
                if (assignment.IndexOf('=') <= 0) throw new ArgumentException($"'{assignment}' must look like name=value");
                var (sw, value) = SwitchRegistry.Parse(assignment, MeasuredDomains);
                if (held.Any(h => h.Item2 == sw)) throw new ArgumentException($"'{sw.Name}' is held fixed twice");
                held.Add((i, sw, value));
            }
            catch (ArgumentException e) { error($"switches[{i}]", e.Message); }
        }
        return held;
    }

    private void ValidateFactors(List<(int Index, Switch Switch, string Value)> held, Action<string, string> error)
    {
        var varied = new List<Switch>();
        foreach (var (name, factor) in Factors!)
        {
            string key = $"factors.{name}";
            if (!SwitchRegistry.TryFind(name, out var factorSwitch) || factorSwitch.Domain == SwitchDomain.Metta)
            {
                try { SwitchRegistry.Parse(name + "=", MeasuredDomains); }
                catch (ArgumentException e) { error(key, e.Message); }
                continue;
            }
            varied.Add(factorSwitch);
            if (held.FirstOrDefault(h => h.Switch == factorSwitch) is { Switch: not null } fixedToo)
                error($"switches[{fixedToo.Index}]", $"'{factorSwitch.Name}' is also a factor; a switch is either varied or held fixed");
            if (factor?.Levels == null || factor.Levels.Count < 2)
            {
                error($"{key}.levels", "missing key (at least two levels)");
                continue;
            }
            foreach (var level in factor.Levels)
            {
                try
                {
                    SwitchRegistry.Parse($"{name}={level}", MeasuredDomains);
                }
                catch (ArgumentException e) { error($"{key}.levels", e.Message); }
            }
            if (factor.Levels.Distinct(StringComparer.OrdinalIgnoreCase).Count() != factor.Levels.Count) error($"{key}.levels", "a level is listed twice");
            if (string.IsNullOrWhiteSpace(factor.Baseline)) error($"{key}.baseline", "missing key (which level is the baseline)");
            else if (!factor.Levels.Contains(factor.Baseline, StringComparer.OrdinalIgnoreCase)) error($"{key}.baseline", $"'{factor.Baseline}' is not one of the levels ({string.Join(", ", factor.Levels)})");
        }
        // A switch acting under another (opt under ir=on) needs it held at that value, or varied as a factor of its own.
        foreach (var s in varied.Concat(held.Select(h => h.Switch)))
        {
            if (s.Requires is not { } required || varied.Contains(required)) continue;
            if (held.Any(h => h.Switch == required && h.Value == s.RequiredValue)) continue;
            string key = varied.Contains(s) ? $"factors.{Factors!.Keys.First(k => SwitchRegistry.TryFind(k, out var f) && f == s)}" : $"switches[{held.First(h => h.Switch == s).Index}]";
            error(key, $"'{s.Name}' acts only with {required.Name}={s.RequiredValue}; add {required.Name}={s.RequiredValue} to switches");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.+-]*$")]
    private static partial Regex ArmNamePattern();

    private void ValidateArms(List<(int Index, Switch Switch, string Value)> held, Action<string, string> error)
    {
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var settings = new Dictionary<int, Dictionary<Switch, string>>(); // per valid arm: fixed switches, then the arm's
        for (int i = 0; i < Arms!.Count; i++)
        {
            var arm = Arms[i];
            string key = $"arms[{i}]";
            if (arm == null) { error(key, "an arm needs a name and switches, e.g. {name: O2, switches: [ir=on, opt=O2]}"); continue; }
            if (string.IsNullOrWhiteSpace(arm.Name)) error($"{key}.name", "missing key");
            else if (!ArmNamePattern().IsMatch(arm.Name)) error($"{key}.name", $"'{arm.Name}' must start with a letter or digit and use only letters, digits, '-', '_', '.' or '+'");
            else if (names.TryGetValue(arm.Name, out int first)) error($"{key}.name", $"'{arm.Name}' is already the name of arms[{first}]");
            else names[arm.Name] = i;
            if (arm.Switches == null) { error($"{key}.switches", "missing key (the switches this arm sets, e.g. [ir=on, opt=O2]; [] for the defaults)"); continue; }
            var own = new Dictionary<Switch, string>();
            bool ok = true;
            for (int j = 0; j < arm.Switches.Count; j++)
            {
                string assignment = arm.Switches[j] ?? "";
                try
                {
                    if (assignment.IndexOf('=') <= 0) throw new ArgumentException($"'{assignment}' must look like name=value");
                    var (sw, value) = SwitchRegistry.Parse(assignment, MeasuredDomains);
                    if (own.ContainsKey(sw)) throw new ArgumentException($"'{sw.Name}' is set twice in this arm");
                    if (held.Any(h => h.Switch == sw)) throw new ArgumentException($"'{sw.Name}' is also held fixed in switches; a switch is either varied or held fixed");
                    own[sw] = value;
                }
                catch (ArgumentException e) { error($"{key}.switches[{j}]", e.Message); ok = false; }
            }
            if (!ok) continue;
            var effective = held.ToDictionary(h => h.Switch, h => h.Value);
            foreach (var (sw, value) in own) effective[sw] = value;
            for (int j = 0; j < arm.Switches.Count; j++)
            {
                var sw = SwitchRegistry.Find(arm.Switches[j].Split('=')[0]);
                if (sw.Requires is { } required && Value(effective, required) != sw.RequiredValue)
                    error($"{key}.switches[{j}]", $"'{sw.Name}' acts only with {required.Name}={sw.RequiredValue}, which this arm {(effective.ContainsKey(required) ? "sets to " + effective[required] : "leaves at its default " + required.Default)}; add {required.Name}={sw.RequiredValue}");
            }
            foreach (var (other, otherSettings) in settings)
                if (SameSettings(effective, otherSettings))
                    error($"{key}.switches", $"sets the same switches as arms[{other}]{(Arms[other].Name is { } n ? $" ('{n}')" : "")}; the two arms would measure one configuration");
            settings[i] = effective;
        }
        // A fixed switch acting under another is fine when at least one arm turns that one on (the rest are the comparison).
        foreach (var (index, sw, _) in held)
            if (sw.Requires is { } required && settings.Count > 0 && !settings.Values.Any(e => Value(e, required) == sw.RequiredValue))
                error($"switches[{index}]", $"'{sw.Name}' acts only with {required.Name}={sw.RequiredValue}, which no arm sets");
        if (string.IsNullOrWhiteSpace(Baseline)) error("baseline", "missing key (the name of the arm the others are compared with)");
        else if (!Arms.Any(a => string.Equals(a?.Name, Baseline, StringComparison.Ordinal)))
            error("baseline", $"'{Baseline}' is not the name of an arm ({string.Join(", ", Arms.Where(a => a?.Name != null).Select(a => a.Name))})");
        if (Arms.Count < 2) error("arms", "at least two arms (a baseline and a treatment)");
    }

    private static string Value(Dictionary<Switch, string> settings, Switch s) => settings.TryGetValue(s, out var v) ? v : s.Default;

    /// <summary>Equal once defaults are filled in: <c>[ir=on, opt=O2]</c> and <c>[ir=on]</c> are the same configuration.</summary>
    private static bool SameSettings(Dictionary<Switch, string> a, Dictionary<Switch, string> b) =>
        a.Keys.Concat(b.Keys).All(s => Value(a, s) == Value(b, s));

    private static void ValidateStopping(StoppingSpec stopping, int? processRuns, Action<string, string> error)
    {
        const string key = "design.stopping";
        if (!stopping.IsAdaptive)
        {
            if (stopping.Scalar != "fixed") error(key, $"'{stopping.Scalar}' must be fixed or a mapping {{ci_half_width: 0.05, max_process_runs: 20}}");
            return;
        }
        foreach (var unknown in stopping.Keys.Keys.Where(k => k is not ("ci_half_width" or "max_process_runs")))
            error(key, $"unknown key '{unknown}' (known: ci_half_width, max_process_runs)");
        if (!stopping.Keys.TryGetValue("ci_half_width", out var width)) error($"{key}.ci_half_width", "missing key (the relative half-width of the ratio interval to reach, e.g. 0.05 for ±5%)");
        else if (stopping.CiHalfWidth == null) error($"{key}.ci_half_width", $"'{width}' must be a number between 0 and 1 (a fraction of the ratio: 0.05 is ±5%)");
        if (!stopping.Keys.TryGetValue("max_process_runs", out var max)) error($"{key}.max_process_runs", "missing key (the most process runs per configuration and workload)");
        else if (stopping.MaxProcessRuns is int m)
        {
            if (processRuns is int planned && m < planned) error($"{key}.max_process_runs", $"{m} is fewer than design.process_runs ({planned})");
        }
        else error($"{key}.max_process_runs", $"'{max}' must be a positive whole number");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();

    /// <summary>A workload path: absolute, or relative to the experiment file's folder or any folder above it (the repository root).</summary>
    private string? ResolvePath(string path)
    {
        if (Path.IsPathRooted(path)) return File.Exists(path) ? path : null;
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(SourcePath)!); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static string WorkloadName(string fullPath)
    {
        var manifest = WorkloadManifest.Find(fullPath);
        var name = manifest != null ? Path.GetRelativePath(Path.GetDirectoryName(manifest)!, fullPath) : Path.GetFileName(fullPath);
        return Path.ChangeExtension(name, null).Replace('\\', '/');
    }

    private static void ResolveSize(WorkloadSpec w, string key, Action<string, string> error)
    {
        WorkloadEntry? entry = null;
        var manifestPath = WorkloadManifest.Find(w.FullPath);
        if (manifestPath != null)
        {
            var manifest = WorkloadManifest.Load(manifestPath);
            entry = manifest.Programs.FirstOrDefault(e => Path.GetFullPath(manifest.FullPath(e)) == w.FullPath);
        }
        if (!WorkloadManifest.SizeLine().IsMatch(SourceFile.ReadText(w.FullPath)))
        {
            error($"{key}.path", $"'{w.Path}' has no `let ITERATIONS = N` line to set its size");
            return;
        }
        w.QuickSize = entry?.QuickSize ?? 0;
        switch (w.Size)
        {
            case "quick" or "default" when entry == null:
                error($"{key}.size", $"'{w.Size}' needs the program in datasets/manifest.yaml; give a number instead");
                break;
            case "quick":
                w.ResolvedSize = entry!.QuickSize;
                break;
            case "default":
                w.ResolvedSize = entry!.DefaultSize;
                break;
            default:
                if (long.TryParse(w.Size, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0) w.ResolvedSize = n;
                else error($"{key}.size", $"'{w.Size}' must be quick, default or a positive number");
                break;
        }
        if (w.QuickSize == 0) w.QuickSize = w.ResolvedSize;
    }
}

/// <summary>An experiment file that cannot be run: every problem, each naming the file and the key.</summary>
public sealed class ExperimentFileException(string path, IReadOnlyList<string> errors)
    : Exception(string.Join("\n", errors))
{
    public string FilePath { get; } = path;
    public IReadOnlyList<string> Errors { get; } = errors;
}
