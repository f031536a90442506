using Ruchy.Jit;

namespace Ruchy.Kernel.Cli;

/// <summary>Reading and writing JIT profiles for <c>run</c> and <c>measure</c> (<c>--profile-in</c>, <c>--profile-out</c>).</summary>
internal static class JitProfileFile
{
    /// <summary>Reads a profile, or prints why it cannot (and false); warns when it was recorded for other source.</summary>
    public static bool TryRead(FileInfo file, FileInfo? program, out JitProfile? profile)
    {
        profile = null;
        if (!file.Exists)
        {
            Console.Error.WriteLine($"ruchy: cannot read profile '{file}': no such file");
            return false;
        }
        try
        {
            profile = JitProfile.Parse(File.ReadAllText(file.FullName), file.ToString());
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine("ruchy: " + e.Message);
            return false;
        }
        if (program is { Exists: true } && profile.SourceSha256 != null && profile.SourceSha256 != JitProfile.Hash(File.ReadAllText(program.FullName)))
            Console.Error.WriteLine($"ruchy: warning: profile '{file}' was recorded for another version of '{program}'; functions are matched by name");
        return true;
    }

    public static void Write(FileInfo file, JitProfile profile)
    {
        try
        {
            File.WriteAllText(file.FullName, profile.ToJson());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"ruchy: cannot write profile '{file}': {e.Message}");
        }
    }
}
