using System.Text;
using Markdig;

namespace Ruchy.Experiments.Reports.Exporters;

/// <summary>
/// report.html: the Markdown report rendered as one self-contained page. The PNGs it links are inlined as
/// data URIs when they exist in the directory (so run <see cref="PlotExporter"/> first), so the file can be
/// mailed or archived alone; the print style fits it on one A3 landscape sheet.
/// </summary>
public sealed class HtmlExporter : IReportExporter
{
    public const string FileName = "report.html";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public string Name => "html";

    public IReadOnlyList<string> Export(A3Summary summary, string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        File.WriteAllText(path, Page(MarkdownExporter.Render(summary), summary.Experiment.Title, directory));
        return [path];
    }

    /// <summary>The full page around the rendered <paramref name="markdown"/>.</summary>
    private static string Page(string markdown, string title, string directory)
    {
        string body = BodyWithInlinedPlots(markdown, directory);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>\n<style>\n")
          .Append("@page { size: A3 landscape; margin: 12mm; }\n")
          .Append("body { font: 13px/1.4 system-ui, sans-serif; max-width: 1500px; margin: 1em auto; padding: 0 1em; columns: 2 700px; column-gap: 2em; }\n")
          .Append("h1 { column-span: all; font-size: 1.5em; } h2 { font-size: 1.1em; border-bottom: 1px solid #ccc; break-after: avoid; }\n")
          .Append("table { border-collapse: collapse; font-size: 0.9em; break-inside: avoid; } td, th { border: 1px solid #ddd; padding: 2px 6px; }\n")
          .Append("img { max-width: 100%; break-inside: avoid; } code, pre { font-size: 0.9em; white-space: pre-wrap; word-break: break-all; }\n")
          .Append("</style>\n</head>\n<body>\n").Append(body).Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>The Markdown as HTML with each plot of <paramref name="directory"/> it links replaced by a data URI.</summary>
    internal static string BodyWithInlinedPlots(string markdown, string directory)
    {
        string body = Markdig.Markdown.ToHtml(markdown, Pipeline);
        foreach (var plot in PlotExporter.FileNames)
        {
            string path = Path.Combine(directory, plot);
            if (File.Exists(path))
                body = body.Replace($"src=\"{plot}\"", $"src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(path))}\"", StringComparison.Ordinal);
        }
        return body;
    }
}
