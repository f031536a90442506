using System.Text;
using Ruchy.Switches;
using Ruchy.Tiers;
using Ruchy.Text;

namespace Ruchy.Notebook;

/// <summary>Magics about the session itself: engine, opt, disasm, who, and the language cells (metta, ruchy).</summary>
internal static class SessionMagics
{
    public static void Register(MagicRegistry registry)
    {
        registry.Add(new Magic("engine", MagicKind.Line, $"%engine [{SwitchRegistry.Engine.ValuesText}]",
            "Show or set the execution tier of Ruchy cells. Variables keep their values across a switch; closures stored in variables do not (they belong to the engine that made them).",
            Engine));
        registry.Add(new Magic("opt", MagicKind.Line, "%opt [name=on|off ...]",
            "List the optimization switches (Ruchy and MeTTa) with their state, or set them: %opt superinstructions=off index=off.",
            Opt));
        registry.Add(new Magic("disasm", MagicKind.Both, $"%disasm FUNC [--engine {ListingTiers}]   |   %%disasm [--engine …] then code",
            "Bytecode of a function the session defines (line), or of the cell's code compiled against the session without running it (cell); with --engine jit, the IL the JIT emits for it (or why it stays interpreted).",
            Disasm));
        registry.Add(new Magic("ir", MagicKind.Both, "%ir FUNC [-O 0..3] [--cfg]   |   %%ir [-O 0..3] [--cfg] then code",
            "SSA IR of a function the session defines (line), or of the cell's code (cell), after construction and after each pass of the preset (default: the session's opt switch); lines a pass added are marked *. " +
            "--cfg draws the control-flow graph after the whole pipeline instead (SVG; the listing as text).",
            Ir));
        registry.Add(new Magic("display", MagicKind.Line, "%display CODE",
            "Show the value of CODE (in the cell's language) as a display output now, and go on: e.g. a table in the middle of a cell.",
            Display));
        registry.Add(new Magic("who", MagicKind.Line, "%who",
            "The session's variables: name, type and value.",
            Who));
        registry.Add(new Magic("metta", MagicKind.Cell, "%%metta",
            "Run the cell as MeTTa in this session's MeTTa space (it persists across cells).",
            call => call.Session.ExecuteCode(call.Body!, CellLanguage.Metta, call.Output)));
        registry.Add(new Magic("ruchy", MagicKind.Cell, "%%ruchy",
            "Run the cell as Ruchy (in a MeTTa notebook).",
            call => call.Session.ExecuteCode(call.Body!, CellLanguage.Ruchy, call.Output)));
    }

    private static CellResult? Engine(MagicCall call)
    {
        var s = call.Session;
        if (call.Arguments.Length == 0)
            return CellResult.Ok(new MimeBundle("engine=" + s.Options.Tier.Name));
        s.Options = Apply(s.Options, "engine=" + call.Arguments);
        call.Output.Write(OutputStream.Stdout, $"engine={s.Options.Tier.Name}\n");
        return null;
    }

    private static CellResult? Opt(MagicCall call)
    {
        var s = call.Session;
        if (call.Arguments.Length > 0)
        {
            var options = s.Options;
            foreach (var assignment in call.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                options = Apply(options, assignment);
            s.Options = options;
        }
        return CellResult.Ok(SwitchTable(s));
    }

    /// <summary>One <c>name=value</c> switch applied, or a magic error naming what is accepted.</summary>
    internal static RunOptions Apply(RunOptions options, string assignment)
    {
        try
        {
            return options.With(assignment, SwitchDomain.Ruchy, SwitchDomain.Metta);
        }
        catch (ArgumentException e)
        {
            throw new MagicException(e.Message);
        }
    }

    /// <summary>Every switch with its current value and meaning.</summary>
    internal static MimeBundle SwitchTable(NotebookSession s)
    {
        var rows = new List<(string Name, string Value, string Values, string Description)>();
        foreach (var sw in SwitchRegistry.All)
            if (sw.Domain != SwitchDomain.Host)
                rows.Add((sw.Name, s.Options[sw], sw.ValuesText, Describe(sw)));
        var text = new StringBuilder();
        var html = new StringBuilder("<table><thead><tr><th>switch</th><th>value</th><th>values</th><th>what it does</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            text.Append($"{r.Name,-18} {r.Value,-9} {r.Description}\n");
            html.Append($"<tr><td>{r.Name}</td><td><b>{r.Value}</b></td><td>{r.Values}</td><td>{System.Net.WebUtility.HtmlEncode(r.Description)}</td></tr>");
        }
        html.Append("</tbody></table>");
        return new MimeBundle(text.ToString().TrimEnd('\n')).With("text/html", html.ToString());
    }

    /// <summary>A switch's meaning, prefixed with the language it acts on.</summary>
    internal static string Describe(Switch sw) => $"{SwitchRegistry.DomainName(sw.Domain)}: {sw.Description}";

    private static string ListingTiers => string.Join("|", TierRegistry.WithListing().Select(t => t.Name));

    private static CellResult? Disasm(MagicCall call)
    {
        var s = call.Session;
        var options = s.Options;
        string args = call.Arguments;
        int flag = args.IndexOf("--engine", StringComparison.Ordinal);
        if (flag >= 0)
        {
            var rest = args[(flag + 8)..].Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length == 0) throw new MagicException($"--engine needs a value: {ListingTiers}");
            options = Apply(options, "engine=" + rest[0]);
            args = (args[..flag] + (rest.Length > 1 ? rest[1] : "")).Trim();
        }
        var tier = RuchyEngine.ListingTier(options);
        string code = call.Body ?? "";
        string? function = call.Body == null ? args : null;
        if (call.Body == null && string.IsNullOrEmpty(function)) throw new MagicException($"usage: %disasm FUNC [--engine {ListingTiers}], or %%disasm with code below");
        if (function != null) code = s.CellDefining(function) ?? throw new MagicException($"no function '{function}' in this session");
        var source = SourceText.From(code, "<disasm>");
        var program = s.Ruchy.Prepare(source, tier, options, out var diagnostics);
        if (program == null)
        {
            var errors = new List<string>();
            foreach (var d in diagnostics)
                if (d.IsError) errors.Add(d.ToString());
            return CellResult.Failed(new CellError("SyntaxError", errors.Count > 0 ? errors[0] : "does not compile", errors));
        }
        string? listing;
        if (function != null) listing = program.ListFunction(function, source);
        else
        {
            // The cell's own code and functions: earlier cells' functions have positions in other texts.
            var sb = new StringBuilder(program.ListFunction(program.ScriptName, source));
            foreach (var name in Signatures.DeclaredIn(code)) sb.Append(program.ListFunction(name, source));
            listing = sb.ToString();
        }
        if (listing == null) throw new MagicException($"no function '{function}' in this session");
        return CellResult.Ok(new MimeBundle(listing.TrimEnd('\n')));
    }

    private static CellResult? Ir(MagicCall call)
    {
        var s = call.Session;
        var options = Apply(s.Options, "engine=register").With(SwitchRegistry.Ir, true);
        var words = call.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        int o = words.IndexOf("-O");
        if (o >= 0)
        {
            if (o + 1 >= words.Count) throw new MagicException("-O needs a level: 0, 1, 2 or 3");
            string level = words[o + 1].TrimStart('O');
            options = Apply(options, "opt=O" + level);
            words.RemoveRange(o, 2);
        }
        bool cfg = words.Remove("--cfg");
        string? function = call.Body == null ? string.Join(' ', words) : null;
        if (call.Body == null && string.IsNullOrEmpty(function)) throw new MagicException("usage: %ir FUNC [-O 0..3] [--cfg], or %%ir [-O 0..3] [--cfg] with code below");
        string code = call.Body ?? s.CellDefining(function!) ?? throw new MagicException($"no function '{function}' in this session");
        IReadOnlyCollection<string> only = function != null ? [function] : ["<script>", .. Signatures.DeclaredIn(code)];
        if (cfg) return Cfg(s, code, options, only);
        var listing = s.Ruchy.IrListing(SourceText.From(code, "<ir>"), options, only, out var diagnostics);
        if (listing == null)
        {
            var errors = diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
            return CellResult.Failed(new CellError("SyntaxError", errors.Count > 0 ? errors[0] : "does not compile", errors));
        }
        return CellResult.Ok(new MimeBundle(listing.TrimEnd('\n')));
    }

    /// <summary>The picture for the notebook, the final listing for clients that show only text.</summary>
    private static CellResult Cfg(NotebookSession s, string code, RunOptions options, IReadOnlyCollection<string> only)
    {
        (string Svg, string Listing)? drawn;
        IReadOnlyList<Diagnostic> diagnostics;
        try
        {
            drawn = s.Ruchy.IrSvg(SourceText.From(code, "<ir>"), options, only, out diagnostics);
        }
        catch (ArgumentException e)
        {
            throw new MagicException(e.Message);
        }
        if (drawn is not { } result)
        {
            var errors = diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
            return CellResult.Failed(new CellError("SyntaxError", errors.Count > 0 ? errors[0] : "does not compile", errors));
        }
        return CellResult.Ok(new MimeBundle(result.Listing.TrimEnd('\n')).With("image/svg+xml", result.Svg));
    }

    private static CellResult? Display(MagicCall call)
    {
        if (call.Arguments.Length == 0) throw new MagicException("usage: %display CODE");
        var result = call.Session.ExecuteCode(call.Arguments, call.Session.Language, call.Output);
        if (result.Status != CellStatus.Ok) return result;
        if (result.Value != null) call.Output.Display(result.Value);
        return null;
    }

    private static CellResult? Who(MagicCall call)
    {
        var vars = call.Session.Variables();
        if (vars.Count == 0) return CellResult.Ok(new MimeBundle("no variables"));
        var text = new StringBuilder();
        var html = new StringBuilder("<table><thead><tr><th>name</th><th>type</th><th>value</th></tr></thead><tbody>");
        foreach (var v in vars)
        {
            text.Append($"{v.Name,-16} {v.TypeName,-10} {v.Summary}\n");
            html.Append("<tr><td>").Append(v.Name).Append("</td><td>").Append(System.Net.WebUtility.HtmlEncode(v.TypeName))
                .Append("</td><td>").Append(System.Net.WebUtility.HtmlEncode(v.Summary)).Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        return CellResult.Ok(new MimeBundle(text.ToString().TrimEnd('\n')).With("text/html", html.ToString()));
    }
}
