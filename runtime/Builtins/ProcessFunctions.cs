using Ruchy.Values;

namespace Ruchy.Builtins;

/// <summary>ruchy's environment and process built-ins (env_var, env_set_var, env_args, sleep...).</summary>
internal static class ProcessFunctions
{
    private static string Arg(ReadOnlySpan<Value> args, int i, string fn, bool two) =>
        args[i].IsString ? args[i].AsString
            : throw new RuchyError(two ? $"{fn}() expects two string arguments" : $"{fn}() expects a string argument");

    public static Value Invoke(BuiltinFunction fn, ReadOnlySpan<Value> args)
    {
        switch (fn)
        {
            case BuiltinFunction.EnvVar:
            {
                // ruchy gives Err("NotFound") for an unset variable.
                string? value = Environment.GetEnvironmentVariable(Arg(args, 0, "env_var", false));
                return value != null ? RType.Ok(Value.FromString(value)) : RType.Err(Value.FromString("NotFound"));
            }
            case BuiltinFunction.EnvSetVar:
                Environment.SetEnvironmentVariable(Arg(args, 0, "env_set_var", true), Arg(args, 1, "env_set_var", true));
                return Value.Nil;
            case BuiltinFunction.EnvRemoveVar:
                Environment.SetEnvironmentVariable(Arg(args, 0, "env_remove_var", false), null);
                return Value.Nil;
            case BuiltinFunction.EnvVars:
            {
                // Sorted by name so that a program prints the same on every run (ruchy's map has no order).
                var names = new List<string>();
                foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) names.Add((string)e.Key);
                names.Sort(StringComparer.Ordinal);
                var map = new RMap();
                foreach (var n in names) map.Set(Value.FromString(n), Value.FromString(Environment.GetEnvironmentVariable(n) ?? ""), out _);
                return Value.FromMap(map);
            }
            case BuiltinFunction.EnvArgs:
            {
                var argv = Environment.GetCommandLineArgs();
                var arr = new RArray(argv.Length);
                foreach (var a in argv) arr.Add(Value.FromString(a));
                return Value.FromArray(arr);
            }
            case BuiltinFunction.EnvCurrentDir:
                return Value.FromString(Directory.GetCurrentDirectory());
            case BuiltinFunction.EnvSetCurrentDir:
            {
                string path = Arg(args, 0, "env_set_current_dir", false);
                try
                {
                    Directory.SetCurrentDirectory(path);
                }
                catch (Exception e) when (IoErrors.IsIo(e))
                {
                    throw new RuchyError("Failed to set current directory: " + IoErrors.Describe(e));
                }
                return Value.Nil;
            }
            case BuiltinFunction.EnvTempDir:
            {
                string temp = Path.GetTempPath();
                return Value.FromString(temp.Length > 1 ? temp.TrimEnd('/') : temp);
            }
            default:
            {
                // sleep(ms): integer or float milliseconds; a negative duration does not wait.
                var v = args[0];
                double ms = v.IsInt ? v.AsInt : v.IsFloat ? v.AsFloat : throw new RuchyError("sleep() expects a numeric argument");
                if (ms >= 1) Thread.Sleep(TimeSpan.FromMilliseconds(Math.Floor(Math.Min(ms, int.MaxValue))));
                return Value.Nil;
            }
        }
    }
}
