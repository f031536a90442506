using Ruchy.Notebook;

namespace RuchyLab.Interactive;

/// <summary>The <c>ruchy</c> kernel: cells are Ruchy code (<c>#!ruchy</c> in a notebook).</summary>
public sealed class RuchyKernel(string name = "ruchy") : NotebookKernel(name, "Ruchy", CellLanguage.Ruchy);
