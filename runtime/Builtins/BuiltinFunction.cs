namespace Ruchy.Builtins;

/// <summary>Built-in functions callable by name. The resolver binds calls to these ids; tiers implement them.</summary>
public enum BuiltinFunction
{
    Println, Print, Eprintln, Eprint, Dbg,
    Len, Abs, Min, Max, Sqrt, Pow, Floor, Ceil, Round, Sin, Cos, Tan, Atan, Atan2, Log, Log10, Exp, Random,
    Assert, AssertEq, AssertNe, Panic, TypeOf,
    Int, Float, Str, Bool, ParseInt, ParseFloat, Range, GetTimeMs, TimeNs,
    VecNew, VecWithCapacity, VecFrom, StringNew, StringFrom, MapNew, SetNew, Identity, ProcessExit,
    IntMax, IntMin, FloatMax, FloatMin, FloatInfinity, FloatNegInfinity, FloatNan, FloatEpsilon, Pi, E,
    CharFromU32, CharFromDigit,
}

/// <summary>Names, arities and the "is a constant" flag of the built-in functions.</summary>
public static class BuiltinTable
{
    public readonly record struct Entry(BuiltinFunction Function, int MinArgs, int MaxArgs, bool IsConstant = false);

    private const int Many = int.MaxValue;

    private static readonly Dictionary<string, Entry> Functions = new()
    {
        ["println"] = new(BuiltinFunction.Println, 0, Many),
        ["print"] = new(BuiltinFunction.Print, 0, Many),
        ["eprintln"] = new(BuiltinFunction.Eprintln, 0, Many),
        ["eprint"] = new(BuiltinFunction.Eprint, 0, Many),
        ["dbg"] = new(BuiltinFunction.Dbg, 1, 1),
        ["len"] = new(BuiltinFunction.Len, 1, 1),
        ["abs"] = new(BuiltinFunction.Abs, 1, 1),
        ["min"] = new(BuiltinFunction.Min, 1, Many),
        ["max"] = new(BuiltinFunction.Max, 1, Many),
        ["sqrt"] = new(BuiltinFunction.Sqrt, 1, 1),
        ["pow"] = new(BuiltinFunction.Pow, 2, 2),
        ["floor"] = new(BuiltinFunction.Floor, 1, 1),
        ["ceil"] = new(BuiltinFunction.Ceil, 1, 1),
        ["round"] = new(BuiltinFunction.Round, 1, 1),
        ["sin"] = new(BuiltinFunction.Sin, 1, 1),
        ["cos"] = new(BuiltinFunction.Cos, 1, 1),
        ["tan"] = new(BuiltinFunction.Tan, 1, 1),
        ["atan"] = new(BuiltinFunction.Atan, 1, 1),
        ["atan2"] = new(BuiltinFunction.Atan2, 2, 2),
        ["log"] = new(BuiltinFunction.Log, 1, 1),
        ["log10"] = new(BuiltinFunction.Log10, 1, 1),
        ["exp"] = new(BuiltinFunction.Exp, 1, 1),
        ["random"] = new(BuiltinFunction.Random, 0, 0),
        ["assert"] = new(BuiltinFunction.Assert, 1, 2),
        ["assert_eq"] = new(BuiltinFunction.AssertEq, 2, 3),
        ["assert_ne"] = new(BuiltinFunction.AssertNe, 2, 3),
        ["panic"] = new(BuiltinFunction.Panic, 0, 1),
        ["type_of"] = new(BuiltinFunction.TypeOf, 1, 1),
        ["typeof"] = new(BuiltinFunction.TypeOf, 1, 1),
        ["int"] = new(BuiltinFunction.Int, 1, 1),
        ["float"] = new(BuiltinFunction.Float, 1, 1),
        ["str"] = new(BuiltinFunction.Str, 1, 1),
        ["to_string"] = new(BuiltinFunction.Str, 1, 1),
        ["bool"] = new(BuiltinFunction.Bool, 1, 1),
        ["parse_int"] = new(BuiltinFunction.ParseInt, 1, 1),
        ["parse_float"] = new(BuiltinFunction.ParseFloat, 1, 1),
        ["range"] = new(BuiltinFunction.Range, 1, 3),
        ["get_time_ms"] = new(BuiltinFunction.GetTimeMs, 0, 0),
        ["time_ns"] = new(BuiltinFunction.TimeNs, 0, 0),
        ["Vec::new"] = new(BuiltinFunction.VecNew, 0, 0),
        ["Vec::with_capacity"] = new(BuiltinFunction.VecWithCapacity, 1, 1),
        ["Vec::from"] = new(BuiltinFunction.VecFrom, 1, 1),
        ["String::new"] = new(BuiltinFunction.StringNew, 0, 0),
        ["String::from"] = new(BuiltinFunction.StringFrom, 1, 1),
        ["String::with_capacity"] = new(BuiltinFunction.StringNew, 1, 1),
        ["HashMap::new"] = new(BuiltinFunction.MapNew, 0, 0),
        ["HashMap::with_capacity"] = new(BuiltinFunction.MapNew, 1, 1),
        ["BTreeMap::new"] = new(BuiltinFunction.MapNew, 0, 0),
        ["HashSet::new"] = new(BuiltinFunction.SetNew, 0, 0),
        ["Box::new"] = new(BuiltinFunction.Identity, 1, 1),
        ["Rc::new"] = new(BuiltinFunction.Identity, 1, 1),
        ["std::process::exit"] = new(BuiltinFunction.ProcessExit, 1, 1),
        ["process::exit"] = new(BuiltinFunction.ProcessExit, 1, 1),
        ["exit"] = new(BuiltinFunction.ProcessExit, 1, 1),
        ["char::from_u32"] = new(BuiltinFunction.CharFromU32, 1, 1),
        ["char::from_digit"] = new(BuiltinFunction.CharFromDigit, 2, 2),
        ["i64::MAX"] = new(BuiltinFunction.IntMax, 0, 0, true),
        ["i32::MAX"] = new(BuiltinFunction.IntMax, 0, 0, true),
        ["usize::MAX"] = new(BuiltinFunction.IntMax, 0, 0, true),
        ["u64::MAX"] = new(BuiltinFunction.IntMax, 0, 0, true),
        ["i64::MIN"] = new(BuiltinFunction.IntMin, 0, 0, true),
        ["i32::MIN"] = new(BuiltinFunction.IntMin, 0, 0, true),
        ["f64::MAX"] = new(BuiltinFunction.FloatMax, 0, 0, true),
        ["f64::MIN"] = new(BuiltinFunction.FloatMin, 0, 0, true),
        ["f64::INFINITY"] = new(BuiltinFunction.FloatInfinity, 0, 0, true),
        ["f64::NEG_INFINITY"] = new(BuiltinFunction.FloatNegInfinity, 0, 0, true),
        ["f64::NAN"] = new(BuiltinFunction.FloatNan, 0, 0, true),
        ["f64::EPSILON"] = new(BuiltinFunction.FloatEpsilon, 0, 0, true),
        ["std::f64::consts::PI"] = new(BuiltinFunction.Pi, 0, 0, true),
        ["f64::consts::PI"] = new(BuiltinFunction.Pi, 0, 0, true),
        ["consts::PI"] = new(BuiltinFunction.Pi, 0, 0, true),
        ["PI"] = new(BuiltinFunction.Pi, 0, 0, true),
        ["std::f64::consts::E"] = new(BuiltinFunction.E, 0, 0, true),
        ["f64::consts::E"] = new(BuiltinFunction.E, 0, 0, true),
    };

    public static bool TryGet(string name, out Entry entry) => Functions.TryGetValue(name, out entry);

    public static IEnumerable<string> Names => Functions.Keys;
}
