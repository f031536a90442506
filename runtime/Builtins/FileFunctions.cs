using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>
/// ruchy's file-system built-ins. As in ruchy, fs_read/fs_write/fs_create_dir/fs_remove_* return
/// Ok(...)/Err(message) values, while read_file, append_file, fs_copy, fs_rename, fs_metadata,
/// fs_read_dir and fs_canonicalize fail with a run-time error. Messages use Rust's io::Error wording.
/// </summary>
internal static class FileFunctions
{
    private static string Arg(ReadOnlySpan<Value> args, int i, string fn, bool two) =>
        args[i].IsString ? args[i].AsString
            : throw new RuchyError(two ? $"{fn}() expects two string arguments" : $"{fn}() expects a string argument");

    /// <summary>Runs an operation and gives Ok(result) or Err(message), as ruchy's Result-returning fs functions do.</summary>
    private static Value AsResult(Func<Value> action)
    {
        try
        {
            return RType.Ok(action());
        }
        catch (Exception e) when (IoErrors.IsIo(e))
        {
            return RType.Err(Value.FromString(IoErrors.Describe(e)));
        }
    }

    /// <summary>Runs an operation; a failure is a run-time error "<paramref name="failure"/>: message".</summary>
    private static Value OrFail(string failure, Func<Value> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IoErrors.IsIo(e))
        {
            throw new RuchyError($"{failure}: {IoErrors.Describe(e)}");
        }
    }

    /// <summary>A real path, like Rust's fs::canonicalize: the path must exist; a symbolic link is followed.</summary>
    public static string Canonicalize(string path)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (IoErrors.IsIo(e))
        {
            throw new RuchyError("Failed to canonicalize path: " + IoErrors.Describe(e));
        }
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        if (!info.Exists) throw new RuchyError("Failed to canonicalize path: No such file or directory (os error 2)");
        var target = info.ResolveLinkTarget(returnFinalTarget: true);
        if (target != null) return target.FullName;
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    // .NET words these cases differently (or as access denied); Rust's messages are what ruchy prints.
    private static void MustNotBeDirectory(string path)
    {
        if (Directory.Exists(path)) throw new IOException("Is a directory (os error 21)");
    }

    private static string ReadText(string path)
    {
        MustNotBeDirectory(path);
        return File.ReadAllText(path);
    }

    public static Value Invoke(BuiltinFunction fn, ReadOnlySpan<Value> args)
    {
        switch (fn)
        {
            case BuiltinFunction.FsRead:
            {
                string path = Arg(args, 0, "fs_read", false);
                return AsResult(() => Value.FromString(ReadText(path)));
            }
            case BuiltinFunction.ReadFile:
            {
                string path = Arg(args, 0, "read_file", false);
                return OrFail($"Failed to read file '{path}'", () => Value.FromString(ReadText(path)));
            }
            case BuiltinFunction.FsWrite:
            {
                string path = Arg(args, 0, "fs_write", true), content = Arg(args, 1, "fs_write", true);
                return AsResult(() =>
                {
                    MustNotBeDirectory(path);
                    File.WriteAllText(path, content);
                    return Value.Nil;
                });
            }
            case BuiltinFunction.AppendFile:
            {
                string path = Arg(args, 0, "append_file", true), content = Arg(args, 1, "append_file", true);
                return OrFail("Failed to open file for append", () =>
                {
                    MustNotBeDirectory(path);
                    File.AppendAllText(path, content);
                    return Value.Nil;
                });
            }
            case BuiltinFunction.FsExists:
            {
                string path = Arg(args, 0, "fs_exists", false);
                return Value.FromBool(File.Exists(path) || Directory.Exists(path));
            }
            case BuiltinFunction.FsIsFile:
                return Value.FromBool(File.Exists(Arg(args, 0, "fs_is_file", false)));
            case BuiltinFunction.FsCreateDir:
            {
                string path = Arg(args, 0, "fs_create_dir", false);
                return AsResult(() =>
                {
                    if (File.Exists(path)) throw new IOException("File exists (os error 17)");
                    Directory.CreateDirectory(path);
                    return Value.Nil;
                });
            }
            case BuiltinFunction.FsRemoveFile:
            {
                // Like ruchy: removing a file that is already gone is Ok.
                string path = Arg(args, 0, "fs_remove_file", false);
                return AsResult(() =>
                {
                    MustNotBeDirectory(path);
                    if (File.Exists(path)) File.Delete(path);
                    return Value.Nil;
                });
            }
            case BuiltinFunction.FsRemoveDir:
            {
                string path = Arg(args, 0, "fs_remove_dir", false);
                return AsResult(() =>
                {
                    if (File.Exists(path)) throw new IOException("Not a directory (os error 20)");
                    if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
                        throw new IOException("Directory not empty (os error 39)");
                    Directory.Delete(path, recursive: false);
                    return Value.Nil;
                });
            }
            case BuiltinFunction.FsCopy:
            {
                string from = Arg(args, 0, "fs_copy", true), to = Arg(args, 1, "fs_copy", true);
                return OrFail("Failed to copy file", () =>
                {
                    File.Copy(from, to, overwrite: true);
                    return Value.Nil;
                });
            }
            case BuiltinFunction.FsRename:
            {
                string from = Arg(args, 0, "fs_rename", true), to = Arg(args, 1, "fs_rename", true);
                return OrFail("Failed to rename file", () =>
                {
                    if (Directory.Exists(from)) Directory.Move(from, to);
                    else File.Move(from, to, overwrite: true);
                    return Value.Nil;
                });
            }
            case BuiltinFunction.FsMetadata:
            {
                string path = Arg(args, 0, "fs_metadata", false);
                return OrFail("Failed to get metadata", () =>
                {
                    bool isDir = Directory.Exists(path);
                    if (!isDir && !File.Exists(path)) throw new FileNotFoundException();
                    // Keys in sorted order: ruchy's object prints that way.
                    var map = new RMap();
                    map.Set(Value.FromString("is_dir"), Value.FromBool(isDir), out _);
                    map.Set(Value.FromString("is_file"), Value.FromBool(!isDir), out _);
                    map.Set(Value.FromString("size"), Value.FromInt(isDir ? 0 : new FileInfo(path).Length), out _);
                    return Value.FromMap(map);
                });
            }
            case BuiltinFunction.FsReadDir:
            {
                string path = Arg(args, 0, "fs_read_dir", false);
                return OrFail("Failed to read directory", () =>
                {
                    // Sorted, so that programs print the same on every machine (Rust gives the OS's order).
                    var entries = Directory.GetFileSystemEntries(path);
                    Array.Sort(entries, StringComparer.Ordinal);
                    var arr = new RArray(entries.Length);
                    foreach (var e in entries) arr.Add(Value.FromString(PathFunctions.Join(path, Path.GetFileName(e))));
                    return Value.FromArray(arr);
                });
            }
            default:
                return Value.FromString(Canonicalize(Arg(args, 0, "fs_canonicalize", false)));
        }
    }
}
