namespace Ruchy.Experiments.Reports;

/// <summary>The files of a written report.</summary>
public sealed record A3ReportFiles(string Directory, string Markdown, string WallTimesPlot, string SpeedupPlot, string IterationsPlot)
{
    /// <summary>report.html: the same page with the plots embedded, readable and printable offline.</summary>
    public string Html => System.IO.Path.Combine(Directory, A3Report.HtmlName);
}
