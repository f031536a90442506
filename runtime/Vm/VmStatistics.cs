using System.Text;
using Ruchy.Bytecode;

namespace Ruchy.Vm;

/// <summary>Execution counts of a bytecode run (ruchy run --stats): instructions per opcode, calls, bytes allocated.</summary>
public sealed class VmStatistics
{
    private readonly long[] _perOpcode = new long[256];

    public long Calls { get; private set; }
    public long AllocatedBytes { get; set; }

    /// <summary>The opcode enum being counted (RegOp or StackOp), for the histogram's names.</summary>
    public Type OpcodeType { get; set; } = typeof(RegOp);

    public void Count(RegOp op) => _perOpcode[(int)op]++;

    public void Count(StackOp op) => _perOpcode[(int)op]++;

    public void CountCall() => Calls++;

    public long Instructions
    {
        get
        {
            long total = 0;
            foreach (var n in _perOpcode) total += n;
            return total;
        }
    }

    /// <summary>Opcodes by count, most frequent first.</summary>
    public IEnumerable<(string Opcode, long Count)> Histogram()
    {
        var list = new List<(string, long)>();
        for (int i = 0; i < _perOpcode.Length; i++)
            if (_perOpcode[i] > 0) list.Add((Enum.GetName(OpcodeType, i) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), _perOpcode[i]));
        list.Sort((a, b) => b.Item2.CompareTo(a.Item2));
        return list;
    }

    public string Report()
    {
        var sb = new StringBuilder();
        long total = Instructions;
        sb.Append($"instructions executed: {total}\n");
        sb.Append($"calls: {Calls}\n");
        sb.Append($"allocated bytes: {AllocatedBytes}\n");
        sb.Append("opcode histogram:\n");
        foreach (var (op, n) in Histogram())
            sb.Append($"  {op,-16} {n,14} {100.0 * n / Math.Max(total, 1),6:F2}%\n");
        return sb.ToString();
    }
}
