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
    Reverse, Sort, Push, Pop, Zip, Enumerate, IsNil, Nil,
    JsonParse, JsonStringify, JsonPretty, JsonValidate, JsonType, JsonGet, JsonSet, JsonMerge, JsonRead, JsonWrite,
    JsonObjectParse, JsonObjectStringify,
    // FileFunctions.Invoke handles FsRead..FsCanonicalize, PathFunctions.Invoke PathJoin..PathNormalize: keep each run contiguous.
    FsRead, ReadFile, FsWrite, AppendFile, FsExists, FsIsFile, FsCreateDir, FsRemoveFile, FsRemoveDir, FsCopy, FsRename,
    FsMetadata, FsReadDir, FsCanonicalize,
    PathJoin, PathJoinMany, PathParent, PathFileName, PathFileStem, PathExtension, PathIsAbsolute, PathIsRelative,
    PathCanonicalize, PathWithExtension, PathWithFileName, PathComponents, PathNormalize,
    // ProcessFunctions.Invoke handles EnvVar..Sleep.
    EnvVar, EnvSetVar, EnvRemoveVar, EnvVars, EnvArgs, EnvCurrentDir, EnvSetCurrentDir, EnvTempDir, Sleep,
}
