using System.Text;
using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>
/// ruchy's path_* built-ins. They follow Rust's std::path on Unix ('/' separators, a leading "." kept,
/// inner "." dropped), not System.IO.Path, whose rules differ (parent of "a" is "" in Rust, null in .NET).
/// </summary>
internal static class PathFunctions
{
    /// <summary>The components as Rust's Path::components() gives them: "/" for the root, then "." (only first), "..", names.</summary>
    public static List<string> Components(string path)
    {
        var parts = new List<string>();
        if (path.StartsWith('/')) parts.Add("/");
        var segments = path.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            string seg = segments[i];
            if (seg.Length == 0) continue;
            if (seg == "." && !(i == 0 && parts.Count == 0)) continue;
            parts.Add(seg);
        }
        return parts;
    }

    /// <summary>Drops trailing separators and "/." (Rust ignores them), keeping a lone root.</summary>
    private static string TrimTail(string s)
    {
        while (true)
        {
            if (s.Length > 1 && s.EndsWith('/')) s = s[..^1];
            else if (s.Length > 2 && s.EndsWith("/.", StringComparison.Ordinal)) s = s[..^2];
            else return s;
        }
    }

    /// <summary>Path::parent as a prefix of the text; null for "" and "/".</summary>
    public static string? Parent(string path)
    {
        var comps = Components(path);
        if (comps.Count == 0 || (comps.Count == 1 && comps[0] == "/")) return null;
        string s = TrimTail(path);
        int cut = s.LastIndexOf('/');
        if (cut < 0) return "";
        if (cut == 0) return "/";
        return TrimTail(s[..cut]);
    }

    /// <summary>Path::file_name: the last component when it is a name (not "/", "." or "..").</summary>
    public static string? FileName(string path)
    {
        var comps = Components(path);
        if (comps.Count == 0) return null;
        string last = comps[^1];
        return last is "/" or "." or ".." ? null : last;
    }

    /// <summary>Rust's split of a file name at its last dot: ".bashrc" has no extension, "a." has an empty one.</summary>
    private static (string? Stem, string? Extension) SplitName(string? name)
    {
        if (name == null) return (null, null);
        int dot = name.LastIndexOf('.');
        if (dot <= 0) return (name, null);
        return (name[..dot], name[(dot + 1)..]);
    }

    public static string Join(string basePath, string component)
    {
        if (component.StartsWith('/')) return component;
        if (basePath.Length == 0) return component;
        return basePath.EndsWith('/') ? basePath + component : basePath + "/" + component;
    }

    public static string WithExtension(string path, string extension)
    {
        var (stem, _) = SplitName(FileName(path));
        if (stem == null) return path;
        string trimmed = TrimTail(path);
        string name = FileName(path)!;
        int stemEnd = trimmed.Length - name.Length + stem.Length;
        return extension.Length == 0 ? path[..stemEnd] : path[..stemEnd] + "." + extension;
    }

    public static string WithFileName(string path, string fileName)
    {
        string basePath = FileName(path) != null ? Parent(path) ?? path : path;
        return Join(basePath, fileName);
    }

    /// <summary>ruchy's path_normalize: "." dropped, ".." removes the previous name, no file system access.</summary>
    public static string Normalize(string path)
    {
        bool rooted = false;
        var names = new List<string>();
        foreach (var c in Components(path))
        {
            switch (c)
            {
                case "/": rooted = true; names.Clear(); break;
                case ".": break;
                case "..": if (names.Count > 0) names.RemoveAt(names.Count - 1); break;
                default: names.Add(c); break;
            }
        }
        var sb = new StringBuilder();
        if (rooted) sb.Append('/');
        sb.AppendJoin('/', names);
        return sb.ToString();
    }

    private static Value OrNil(string? s) => s == null ? Value.Nil : Value.FromString(s);

    private static string Arg(ReadOnlySpan<Value> args, int i, string fn, bool two) =>
        args[i].IsString ? args[i].AsString
            : throw new RuchyError(two ? $"{fn}() expects two string arguments" : $"{fn}() expects a string argument");

    public static Value Invoke(BuiltinFunction fn, ReadOnlySpan<Value> args)
    {
        switch (fn)
        {
            case BuiltinFunction.PathJoin:
                return Value.FromString(Join(Arg(args, 0, "path_join", true), Arg(args, 1, "path_join", true)));
            case BuiltinFunction.PathJoinMany:
            {
                if (args[0].Kind != ValueKind.Array) throw new RuchyError("path_join_many() expects an array argument");
                string result = "";
                foreach (var part in args[0].AsArray.AsSpan())
                    result = Join(result, part.IsString ? part.AsString : throw new RuchyError("path_join_many() expects array of strings"));
                return Value.FromString(result);
            }
            case BuiltinFunction.PathParent:
                return OrNil(Parent(Arg(args, 0, "path_parent", false)));
            case BuiltinFunction.PathFileName:
                return OrNil(FileName(Arg(args, 0, "path_file_name", false)));
            case BuiltinFunction.PathFileStem:
                return OrNil(SplitName(FileName(Arg(args, 0, "path_file_stem", false))).Stem);
            case BuiltinFunction.PathExtension:
                return OrNil(SplitName(FileName(Arg(args, 0, "path_extension", false))).Extension);
            case BuiltinFunction.PathIsAbsolute:
                return Value.FromBool(Arg(args, 0, "path_is_absolute", false).StartsWith('/'));
            case BuiltinFunction.PathIsRelative:
                return Value.FromBool(!Arg(args, 0, "path_is_relative", false).StartsWith('/'));
            case BuiltinFunction.PathCanonicalize:
                return Value.FromString(FileFunctions.Canonicalize(Arg(args, 0, "path_canonicalize", false)));
            case BuiltinFunction.PathWithExtension:
                return Value.FromString(WithExtension(Arg(args, 0, "path_with_extension", true), Arg(args, 1, "path_with_extension", true)));
            case BuiltinFunction.PathWithFileName:
                return Value.FromString(WithFileName(Arg(args, 0, "path_with_file_name", true), Arg(args, 1, "path_with_file_name", true)));
            case BuiltinFunction.PathComponents:
            {
                var comps = Components(Arg(args, 0, "path_components", false));
                var arr = new RArray(comps.Count);
                foreach (var c in comps) arr.Add(Value.FromString(c));
                return Value.FromArray(arr);
            }
            default:
                return Value.FromString(Normalize(Arg(args, 0, "path_normalize", false)));
        }
    }
}
