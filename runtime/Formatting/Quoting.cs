using System.Text;

namespace Ruchy.Formatting;

/// <summary>
/// A string in double quotes with <c>"</c>, <c>\</c>, newline, tab and carriage return escaped: how a
/// string prints inside a collection, in <c>{:?}</c> and in <c>ruchy ast</c>.
/// </summary>
internal static class Quoting
{
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        WriteQuoted(sb, s);
        return sb.ToString();
    }

    public static void WriteQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
