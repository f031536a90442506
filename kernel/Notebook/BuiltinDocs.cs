namespace Ruchy.Notebook;

/// <summary>Signatures and one-line docs of Ruchy's built-in functions, for completions and hover.</summary>
internal static class BuiltinDocs
{
    private static readonly Dictionary<string, (string Signature, string Doc)> Docs = new(StringComparer.Ordinal)
    {
        ["println"] = ("println(fmt, args...)", "Print a line: println(x), or a Rust format string println(\"{} {:?}\", a, b)."),
        ["print"] = ("print(args...)", "Print the arguments joined by spaces, without a newline (no \"{}\" substitution)."),
        ["eprintln"] = ("eprintln(fmt, args...)", "Print a line to stderr."),
        ["eprint"] = ("eprint(fmt, args...)", "Print to stderr without a newline."),
        ["dbg"] = ("dbg(x) -> x", "Print x in Debug form with its location to stderr and return it."),
        ["len"] = ("len(x) -> i64", "Length of a string (characters), vector, map or tuple."),
        ["abs"] = ("abs(x)", "Absolute value of an integer or float."),
        ["min"] = ("min(a, b, ...)", "Smallest argument (or smallest element of one vector)."),
        ["max"] = ("max(a, b, ...)", "Largest argument (or largest element of one vector)."),
        ["sqrt"] = ("sqrt(x) -> f64", "Square root."),
        ["pow"] = ("pow(base, exp)", "Power; integer when both are integers."),
        ["floor"] = ("floor(x) -> f64", "Round down."),
        ["ceil"] = ("ceil(x) -> f64", "Round up."),
        ["round"] = ("round(x) -> f64", "Round half away from zero."),
        ["sin"] = ("sin(x) -> f64", "Sine (radians)."),
        ["cos"] = ("cos(x) -> f64", "Cosine (radians)."),
        ["tan"] = ("tan(x) -> f64", "Tangent (radians)."),
        ["atan"] = ("atan(x) -> f64", "Arc tangent."),
        ["log"] = ("log(x) -> f64", "Natural logarithm."),
        ["exp"] = ("exp(x) -> f64", "e to the power x."),
        ["random"] = ("random() -> f64", "Uniform random number in [0, 1)."),
        ["assert"] = ("assert(cond, message?)", "Fail with an error when cond is false."),
        ["assert_eq"] = ("assert_eq(a, b, message?)", "Fail when a != b, showing both."),
        ["assert_ne"] = ("assert_ne(a, b, message?)", "Fail when a == b."),
        ["panic"] = ("panic(message?)", "Stop the program with an error."),
        ["type_of"] = ("type_of(x) -> String", "Name of x's type."),
        ["typeof"] = ("typeof(x) -> String", "Name of x's type."),
        ["int"] = ("int(x) -> i64", "Convert to an integer."),
        ["float"] = ("float(x) -> f64", "Convert to a float."),
        ["str"] = ("str(x) -> String", "Display form of x as a string."),
        ["to_string"] = ("to_string(x) -> String", "Display form of x as a string."),
        ["bool"] = ("bool(x) -> bool", "false for false, 0, 0.0, \"\", nil and []; true otherwise."),
        ["parse_int"] = ("parse_int(s) -> i64", "Parse a decimal integer."),
        ["parse_float"] = ("parse_float(s) -> f64", "Parse a float."),
        ["range"] = ("range(start, end, step?)", "Vector of integers from start (inclusive) to end (exclusive)."),
        ["get_time_ms"] = ("get_time_ms() -> i64", "Wall-clock milliseconds."),
        ["time_ns"] = ("time_ns() -> i64", "Monotonic nanoseconds, for timing."),
        ["exit"] = ("exit(code)", "End the program with an exit code."),
        ["reverse"] = ("reverse(a) -> Vec", "A reversed copy of an array (or the string's characters reversed)."),
        ["sort"] = ("sort(a) -> Vec", "A sorted copy of an array."),
        ["push"] = ("push(a, x) -> Vec", "A copy of a with x appended."),
        ["pop"] = ("pop(a)", "The last element of a, or nil; a is unchanged."),
        ["zip"] = ("zip(a, b) -> Vec", "Array of (a[i], b[i]) tuples."),
        ["enumerate"] = ("enumerate(a) -> Vec", "Array of (index, element) tuples."),
        ["is_nil"] = ("is_nil(x) -> bool", "Whether x is nil."),
        ["json_parse"] = ("json_parse(s)", "Parse JSON text into maps, arrays, numbers, strings, bools and nil."),
        ["json_stringify"] = ("json_stringify(v) -> String", "Compact JSON text (keys sorted)."),
        ["json_pretty"] = ("json_pretty(v) -> String", "JSON text indented by two spaces."),
        ["json_validate"] = ("json_validate(s) -> bool", "Whether s is valid JSON."),
        ["json_get"] = ("json_get(v, \"a.b\")", "The value at a dot path, or nil."),
        ["fs_read"] = ("fs_read(path) -> Result", "Ok(text) or Err(message)."),
        ["fs_write"] = ("fs_write(path, text) -> Result", "Write a file: Ok(nil) or Err(message)."),
        ["fs_exists"] = ("fs_exists(path) -> bool", "Whether a file or directory exists."),
        ["read_file"] = ("read_file(path) -> String", "The file's text; an error when it cannot be read."),
        ["path_join"] = ("path_join(a, b) -> String", "a/b (b when absolute)."),
        ["path_parent"] = ("path_parent(p)", "The path without its last component, or nil."),
        ["path_file_name"] = ("path_file_name(p)", "The last component, or nil."),
        ["path_extension"] = ("path_extension(p)", "The extension without the dot, or nil."),
        ["env_var"] = ("env_var(name) -> Result", "Ok(value) or Err(\"NotFound\")."),
        ["sleep"] = ("sleep(ms)", "Wait ms milliseconds."),
    };

    public static string? Signature(string name) => Docs.TryGetValue(name, out var d) ? d.Signature : null;

    public static string? Describe(string name) =>
        Docs.TryGetValue(name, out var d) ? $"{d.Signature}\n\n{d.Doc}"
        : Ruchy.Builtins.BuiltinTable.TryGet(name, out _) ? $"{name}(…): built-in" : null;
}
