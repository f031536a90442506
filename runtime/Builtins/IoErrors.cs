namespace Ruchy.Builtins;

/// <summary>I/O failures worded as Rust's io::Error prints them, so messages read as ruchy's.</summary>
internal static class IoErrors
{
    public static string Describe(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory (os error 2)",
        UnauthorizedAccessException => "Permission denied (os error 13)",
        PathTooLongException => "File name too long (os error 36)",
        // An empty path: Rust's open() reports it as missing.
        ArgumentException => "No such file or directory (os error 2)",
        _ => e.Message,
    };

    /// <summary>The exceptions file operations throw for a bad path or a failed read/write (not bugs).</summary>
    public static bool IsIo(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;
}
