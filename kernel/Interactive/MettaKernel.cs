using Ruchy.Notebook;

namespace RuchyLab.Interactive;

/// <summary>The <c>metta</c> kernel: cells are MeTTa (<c>#!metta</c> in a notebook).</summary>
public sealed class MettaKernel(string name = "metta") : NotebookKernel(name, "MeTTa", CellLanguage.Metta);
