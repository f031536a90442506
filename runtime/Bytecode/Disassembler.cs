using System.Text;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Bytecode;

/// <summary>
/// Readable listing of register-VM or stack-VM bytecode (ruchy disasm): one block per function, one
/// line per instruction with its index, source line:col, opcode, operands and a comment naming what
/// the operands refer to (constants, globals, fields, methods, jump targets).
/// </summary>
internal static class Disassembler
{
    public static string Disassemble<TProto>(CompiledProgram<TProto> program, SourceText source) where TProto : FunctionProto
    {
        var sb = new StringBuilder();
        var seen = new HashSet<FunctionProto>(ReferenceEqualityComparer.Instance);
        var globals = program.GlobalNames;
        Walk(sb, seen, program.Script, globals, source);
        foreach (var (_, f) in program.Functions) Walk(sb, seen, f, globals, source);
        foreach (var (_, methods) in program.Types)
            foreach (var m in methods) Walk(sb, seen, m, globals, source);
        return sb.ToString();
    }

    /// <summary>One function (by name, e.g. <c>fib</c> or <c>Point::new</c>) and the closures nested in it; null when the program has none of that name.</summary>
    public static string? DisassembleFunction<TProto>(CompiledProgram<TProto> program, string name, SourceText source) where TProto : FunctionProto
    {
        var target = FindFunction(program, name);
        if (target == null) return null;
        var sb = new StringBuilder();
        Walk(sb, new HashSet<FunctionProto>(ReferenceEqualityComparer.Instance), target, program.GlobalNames, source);
        return sb.ToString();
    }

    /// <summary>A function by name (a method also by its bare name, as the cell that defines it spells it), or the script by its name.</summary>
    public static TProto? FindFunction<TProto>(CompiledProgram<TProto> program, string name) where TProto : FunctionProto
    {
        TProto? target = null;
        foreach (var (_, f) in program.Functions)
            if (f.Name == name) target = f;
        if (target == null)
            foreach (var (_, f) in program.Functions)
                if (f.Name.EndsWith("::" + name, StringComparison.Ordinal)) target = f;
        if (target == null && name == program.Script.Name) target = program.Script;
        return target;
    }

    /// <summary>Lists a function, then the closures nested in it, each once.</summary>
    private static void Walk(StringBuilder sb, HashSet<FunctionProto> seen, FunctionProto p, string[] globals, SourceText source)
    {
        if (!seen.Add(p)) return;
        switch (p)
        {
            case RegisterProto r: RegisterFunction(sb, r, globals, source); break;
            case StackProto s: StackFunction(sb, s, globals, source); break;
            default: throw new ArgumentException($"no listing for {p.GetType().Name}", nameof(p));
        }
        foreach (var side in p.Side)
            if (side is FunctionProto nested) Walk(sb, seen, nested, globals, source);
    }

    private static void RegisterFunction(StringBuilder sb, RegisterProto p, string[] globals, SourceText source)
    {
        sb.Append("function ").Append(p.Name)
          .Append(" (params ").Append(p.ParamCount)
          .Append(", registers ").Append(p.FrameSize)
          .Append(", constants ").Append(p.Constants.Length)
          .Append(", instructions ").Append(p.Code.Length).Append(")\n");
        for (int i = 0; i < p.Code.Length; i++)
        {
            var ins = p.Code[i];
            var (line, col) = source.GetLineColumn(p.Positions[i]);
            sb.Append($"  {i,4}  {line,4}:{col,-3}  {ins.Op,-14} {ins.A,4} {ins.B,4} {ins.C,4}");
            string comment = Comment(ins, i, p, globals);
            if (comment.Length > 0) sb.Append("  ; ").Append(comment);
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static void StackFunction(StringBuilder sb, StackProto p, string[] globals, SourceText source)
    {
        sb.Append("function ").Append(p.Name)
          .Append(" (params ").Append(p.ParamCount)
          .Append(", slots ").Append(p.SlotCount)
          .Append(", frame ").Append(p.FrameSize)
          .Append(", constants ").Append(p.Constants.Length)
          .Append(", instructions ").Append(p.Code.Length).Append(")\n");
        for (int i = 0; i < p.Code.Length; i++)
        {
            var ins = p.Code[i];
            var (line, col) = source.GetLineColumn(p.Positions[i]);
            sb.Append($"  {i,4}  {line,4}:{col,-3}  {ins.Op,-16} {ins.A,4} {ins.B,4}");
            string comment = StackComment(ins, i, p, globals);
            if (comment.Length > 0) sb.Append("  ; ").Append(comment);
            sb.Append('\n');
        }
        sb.Append('\n');
    }

    private static string StackComment(StackInstr ins, int at, StackProto p, string[] globals) => ins.Op switch
    {
        StackOp.PushK or StackOp.AddK or StackOp.SubK or StackOp.TestEqK => K(p, ins.A),
        StackOp.LoadGlobal or StackOp.StoreGlobal or StackOp.UniqueGlobal => Global(globals, ins.A),
        StackOp.Jmp or StackOp.JmpIfFalse or StackOp.JmpIfTrueKeep or StackOp.JmpIfFalseKeep or StackOp.JmpIfPresentKeep or StackOp.JmpIfNil
            or StackOp.Fail or StackOp.JmpIfNotLt or StackOp.JmpIfNotLe or StackOp.JmpIfNotGt or StackOp.JmpIfNotGe
            or StackOp.JmpIfNotEq or StackOp.JmpIfNotNe => $"to {at + 1 + ins.A}",
        StackOp.IterNext or StackOp.ForLoop or StackOp.Default => $"to {at + 1 + ins.B}",
        StackOp.Call or StackOp.CallMethod or StackOp.CallMethodMut => Side(p, ins.B),
        StackOp.CallNative => ((Builtins.BuiltinFunction)ins.B).ToString(),
        StackOp.GetField or StackOp.UniqueField or StackOp.SetField or StackOp.NewVariant or StackOp.NewStruct
            or StackOp.CheckStructBase or StackOp.TestVariant or StackOp.TestStruct or StackOp.Format or StackOp.Closure or StackOp.Undefined => Side(p, ins.A),
        StackOp.Cast => ((Semantics.CastKind)ins.A).ToString(),
        _ => "",
    };

    private static string K(FunctionProto p, int index) => index >= 0 && index < p.Constants.Length ? ValueFormatter.Repr(p.Constants[index]) : "?";

    private static string Global(string[] globals, int index) => index >= 0 && index < globals.Length ? globals[index] : "?";

    private static string Side(FunctionProto p, int index) => index >= 0 && index < p.Side.Length ? p.Side[index] switch
    {
        FunctionProto f => f.Name,
        MethodSite m => "." + m.Name + "()",
        FieldSite f => "." + f.Name,
        RType t => t.Name,
        string s => s,
        CallTarget c => c.Name,
        UndefinedSite u => u.Name,
        VariantSite v => v.Type.Name + "::" + v.Type.Variants[v.Variant].Name,
        VariantPatternSite v => v.Type.Name + "::" + v.Type.Variants[v.Variant].Name,
        StructSite s => s.Type.Name,
        FormatSite f => f.Action.ToString(),
        Semantics.BoundFunction fn => fn.Name,
        object o => o.GetType().Name,
    } : "?";

    private static string Comment(Instr ins, int at, RegisterProto p, string[] globals) => ins.Op switch
    {
        RegOp.LoadK => K(p, ins.B),
        RegOp.AddK or RegOp.SubK => ins.C.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RegOp.TestEqK => K(p, ins.C),
        RegOp.GetGlobal or RegOp.SetGlobal or RegOp.UniqueGlobal => Global(globals, ins.B),
        RegOp.Jmp => $"to {at + 1 + ins.A}",
        RegOp.JmpIfFalse or RegOp.JmpIfTrue or RegOp.JmpIfPresent or RegOp.JmpIfNil or RegOp.Fail or RegOp.Default => $"to {at + 1 + ins.B}",
        RegOp.JmpIfNotCallee => $"{Global(globals, ins.A)} is {Side(p, ins.B)}, else to {at + 1 + ins.C}",
        RegOp.JmpIfNotLt or RegOp.JmpIfNotLe or RegOp.JmpIfNotGt or RegOp.JmpIfNotGe or RegOp.JmpIfNotEq or RegOp.JmpIfNotNe => $"to {at + 1 + ins.C}",
        RegOp.JmpIfNotLtI or RegOp.JmpIfNotLeI or RegOp.JmpIfNotGtI or RegOp.JmpIfNotGeI or RegOp.JmpIfNotEqI or RegOp.JmpIfNotNeI => $"{ins.B.ToString(System.Globalization.CultureInfo.InvariantCulture)}, to {at + 1 + ins.C}",
        RegOp.IterNext or RegOp.ForLoop => $"done: to {at + 1 + ins.C}",
        RegOp.Call => Side(p, ins.C),
        RegOp.CallGlobal => Global(globals, ins.C),
        RegOp.CallNative => ((Builtins.BuiltinFunction)ins.C).ToString(),
        RegOp.CallMethod or RegOp.CallMethodMut or RegOp.GetField or RegOp.UniqueField or RegOp.SetField
            or RegOp.NewVariant or RegOp.NewStruct or RegOp.CheckStructBase or RegOp.TestVariant or RegOp.TestStruct or RegOp.Format => Side(p, ins.C),
        RegOp.Closure => Side(p, ins.B),
        RegOp.Undefined => Side(p, ins.A),
        RegOp.Cast => ((Semantics.CastKind)ins.C).ToString(),
        _ => "",
    };
}
