using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using Ruchy.Values;

namespace Ruchy.Jit;

/// <summary>
/// Where the methods of one compilation go. <see cref="IlCompiler"/> defines them, emits their IL, then asks for the
/// methods that run: DynamicMethods by default, or a saved assembly (<c>ruchy run --jit-dump DIR</c>) that is loaded
/// and run, so the .dll a user opens in ILSpy is the code that ran.
/// </summary>
internal abstract class IlMethodSink
{
    public abstract MethodInfo Define(string name, Type returnType, Type[] parameters, out ILGenerator il);

    /// <summary>Called once every method is emitted: the runnable method for each defined one.</summary>
    public abstract Func<MethodInfo, MethodInfo> Complete();
}

/// <summary>DynamicMethods: collectible, no metadata, cheapest to create; they skip visibility checks.</summary>
internal sealed class DynamicMethodSink : IlMethodSink
{
    public static readonly DynamicMethodSink Instance = new();

    public override MethodInfo Define(string name, Type returnType, Type[] parameters, out ILGenerator il)
    {
        var method = new DynamicMethod(name, returnType, parameters, typeof(IlCompiler).Module, skipVisibility: true);
        il = method.GetILGenerator();
        return method;
    }

    public override Func<MethodInfo, MethodInfo> Complete() => static m => m;
}

/// <summary>
/// One compilation as static methods of one type in an assembly written with <see cref="PersistedAssemblyBuilder"/>,
/// saved to <see cref="Path"/> and loaded in a collectible context of its own. The runtime lets the assembly name
/// <see cref="AssemblyName"/> see its internals (InternalsVisibleTo), which the emitted code calls.
/// </summary>
internal sealed class SavedAssemblySink : IlMethodSink
{
    public const string AssemblyName = "Ruchy.Jit.Code";

    private readonly PersistedAssemblyBuilder _assembly;
    private readonly TypeBuilder _type;
    private readonly string _typeName;

    /// <summary>The .dll written by <see cref="Complete"/>.</summary>
    public string Path { get; }

    public SavedAssemblySink(string path, string typeName)
    {
        Path = path;
        _typeName = typeName;
        _assembly = new PersistedAssemblyBuilder(new AssemblyName(AssemblyName), typeof(object).Assembly);
        var module = _assembly.DefineDynamicModule(AssemblyName + ".dll");
        _type = module.DefineType(typeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Abstract | TypeAttributes.Class);
    }

    public override MethodInfo Define(string name, Type returnType, Type[] parameters, out ILGenerator il)
    {
        var method = _type.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, returnType, parameters);
        il = method.GetILGenerator();
        return method;
    }

    public override Func<MethodInfo, MethodInfo> Complete()
    {
        _type.CreateType();
        using (var file = File.Create(Path)) _assembly.Save(file);
        var context = new CodeLoadContext();
        Assembly loaded;
        using (var file = File.OpenRead(Path)) loaded = context.LoadFromStream(file);
        var type = loaded.GetType(_typeName, throwOnError: true)!;
        return m => type.GetMethod(m.Name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"internal JIT error: {Path} has no method {m.Name}");
    }

    /// <summary>
    /// A context per saved assembly (each is named <see cref="AssemblyName"/>); the runtime it calls is the one
    /// already loaded, whichever context that is (a notebook host loads it in its own).
    /// </summary>
    private sealed class CodeLoadContext() : AssemblyLoadContext("ruchy-jit-code", isCollectible: true)
    {
        private static readonly Assembly Runtime = typeof(Value).Assembly;

        protected override Assembly? Load(AssemblyName name) => name.Name == Runtime.GetName().Name ? Runtime : null;
    }

    /// <summary>A file name for a compiled function: letters, digits, '-', '_' and '.' only.</summary>
    public static string SafeName(string name)
    {
        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not ('-' or '_' or '.')) chars[i] = '_';
        return chars.Length == 0 ? "_" : new string(chars);
    }
}
