using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using Ruchy.Builtins;
using Ruchy.Bytecode;
using Ruchy.Core;
using Ruchy.Ir;
using Ruchy.Values;
using Ruchy.Vm;

namespace Ruchy.Jit;

/// <summary>
/// The baseline compiler: an optimized <see cref="IrFunction"/> to IL, in DynamicMethods or a saved assembly
/// (<see cref="IlMethodSink"/>). Every SSA value is an IL local; values the type inference proved to be ints or bools live unboxed (long, bool), the rest as
/// <see cref="Value"/>. Block parameters are locals too: an edge pushes its arguments on the IL stack and stores them
/// into the target's parameters (a parallel move for free). Work beyond a few IL instructions is a call into
/// <see cref="JitOps"/> or the VM (errors are located there by the IR value, the "site"). The CLR compiles the IL
/// fully optimized at its first call and allocates registers.
/// </summary>
internal sealed class IlCompiler
{
    private enum Rep : byte { Value, Int, Bool, Counters }

    private readonly IrFunction _f;
    private readonly RegisterProto _proto;
    private readonly ILGenerator _il;
    private readonly StringBuilder? _listing;
    private readonly List<int> _rpo;
    private readonly int[] _rpoIndex;
    private readonly Label[] _blockLabel;
    private readonly LocalBuilder?[] _local;
    private readonly LocalBuilder?[] _counterRemaining;
    private readonly Rep[] _rep;
    private readonly int _argBase;
    private readonly int[] _uses;
    private LocalBuilder _stackTemp = null!;
    private LocalBuilder _calleeTemp = null!;
    private MethodInfo _body = null!;
    private JitCode _code = null!;
    private HashSet<int> _selfCall = [];
    /// <summary>Calls whose result is speculated to be an int: checked after the call, deoptimizing when it is not.</summary>
    private HashSet<int> _intResult = [];
    private readonly List<(int Site, Label Label)> _deopts = [];
    private LocalBuilder _resultTemp = null!;
    private LocalBuilder _longTemp = null!;
    private bool _returnsLong;
    /// <summary>From a body's fp to its frame's: above its registers and outgoing-argument area.</summary>
    private int _frameShift;
    /// <summary>
    /// From a body's fp: where a local receiver of a method call lives during the call (the variable's register in
    /// the interpreter). Below the outgoing-argument area, where a Ruchy method's frame starts, so that the method's
    /// registers cannot overwrite it; the slot is otherwise the return slot of calls, never in use at the same time.
    /// </summary>
    private int _receiverSlot;
    /// <summary>The loop header an on-stack replacement entry starts at (-1: a function's body).</summary>
    private int[]? _osrBlocks;

    // The body's arguments: these, then the function's parameters.
    // The entry's arguments (JitEntry, bound to the JitCode).
    private const int EntrySelf = 0, EntryVm = 1, EntryFunction = 2, EntryFp = 3, EntryCallPos = 4, EntryArgs = 5;
    // The body's arguments: these, then the function's parameters. The caller pushes the body's frame and passes its
    // index (so that entering and leaving store the frame count but never load it: a load right after the caller's
    // store would chain every call through memory).
    private const int ArgSelf = 0, ArgVm = 1, ArgFp = 2, ArgDepth = 3, BodyArgs = 4;

    private IlCompiler(IrFunction f, RegisterProto proto, ILGenerator il, bool listing, int argBase)
    {
        _f = f;
        _proto = proto;
        _il = il;
        _listing = listing ? new StringBuilder() : null;
        _rpo = f.ReversePostorder();
        _rpoIndex = new int[f.Blocks.Count];
        Array.Fill(_rpoIndex, -1);
        for (int i = 0; i < _rpo.Count; i++) _rpoIndex[_rpo[i]] = i;
        _blockLabel = new Label[f.Blocks.Count];
        _local = new LocalBuilder?[f.InstrCount];
        _counterRemaining = new LocalBuilder?[f.InstrCount];
        _rep = new Rep[f.InstrCount];
        _argBase = argBase;
        _uses = IrEdit.UseCounts(f);
    }

    // ------------------------------------------------------------------ what can be compiled

    private const int MaxInstructions = 30_000;

    /// <summary>Why <paramref name="f"/> cannot be compiled (an unsupported instruction), or null when it can.</summary>
    public static string? Unsupported(IrFunction f)
    {
        if (f.Children.Count > 0) return "it creates closures";
        // The CLR rejects a method with more than 65,535 locals (InvalidProgramException); we declare up to two per instruction.
        if (f.InstrCount > MaxInstructions) return $"it is too large ({f.InstrCount} instructions, at most {MaxInstructions})";
        if (f.PinnedSlots.Length > 0) return "it has pinned slots";
        foreach (var b in f.ReversePostorder())
            foreach (var v in f.Blocks[b].Instrs)
                if (!Supported(f[v].Op)) return $"no baseline code for {IrOpInfo.Name(f[v].Op)}";
        return null;
    }

    private static bool Supported(IrOp op) => op is IrOp.Param or IrOp.Const or IrOp.Copy or IrOp.Share or IrOp.GetGlobal or IrOp.SetGlobal
        or (>= IrOp.Add and <= IrOp.Plus)
        or IrOp.CallGlobal or IrOp.Call or IrOp.CallNative or IrOp.CallMethod or IrOp.CallMethodLocal or IrOp.ReceiverAfter or IrOp.NewArray or IrOp.ArrayRepeat or IrOp.Index or IrOp.SetIndex
        or IrOp.Unique or IrOp.GetField or IrOp.Format or IrOp.ForPrep
        or IrOp.Jump or IrOp.Branch or IrOp.ForLoop or IrOp.IterInit or IrOp.IterNext or IrOp.Return or IrOp.BranchCallee
        or IrOp.TestEqK or IrOp.PatternError || IsOther(op);

    /// <summary>Instructions compiled as one call of <see cref="JitOps.Other"/>, their operands in the outgoing-argument area.</summary>
    private static bool IsOther(IrOp op) => op is IrOp.NewTuple or IrOp.NewMap or IrOp.NewStruct or IrOp.NewVariant or IrOp.NewRange
        or IrOp.FString or IrOp.Cast or IrOp.CheckStructBase or IrOp.Undefined or IrOp.TestRange or IrOp.TestVariant or IrOp.TestStruct
        or IrOp.TestSeq or IrOp.GetItem or IrOp.GetPayload or IrOp.GetStructField or IrOp.SliceRest;

    // ------------------------------------------------------------------ compilation

    /// <param name="intParams">Per parameter: speculate that it is an int (the entry guard checks it).</param>
    /// <param name="globals">The globals at compile time: a call of a global holding this function becomes a direct call.</param>
    /// <param name="optimize">The optimizing tier: calls of itself become direct calls (guarded on the global), and
    /// <paramref name="intParams"/> apply; false: baseline code, which also profiles its calls when the policy tiers up.</param>
    public static JitCode Compile(IrFunction f, RegisterProto proto, JitPolicy policy, bool[] intParams, Value[] globals, bool listing = false,
        IlMethodSink? sink = null, bool optimize = true) =>
        Compile(f, proto, policy, optimize ? intParams : new bool[intParams.Length], globals, listing, osrBlocks: null, sink ?? DynamicMethodSink.Instance, optimize)!;

    /// <summary>
    /// Code that continues an interpreted activation at one of the function's loop headers (on-stack replacement),
    /// one entry per header (<see cref="JitCode.OsrBlocks"/>): the values live there are read from the registers the
    /// <see cref="FrameMap"/> gives. No speculation. Null when no header can be entered (a live value with no register).
    /// </summary>
    public static JitCode? CompileOsr(IrFunction f, RegisterProto proto, JitPolicy policy, Value[] globals, bool listing = false,
        IlMethodSink? sink = null)
    {
        var headers = new List<int>();
        var rpo = f.ReversePostorder();
        var index = new int[f.Blocks.Count];
        Array.Fill(index, -1);
        for (int i = 0; i < rpo.Count; i++) index[rpo[i]] = i;
        foreach (var b in rpo)
        {
            int t = f.Terminator(b);
            if (t < 0) continue;
            for (int k = 0; k < f[t].EdgeCount; k++)
            {
                int target = f.Edge(t, k).Target;
                if (index[target] <= index[b] && !headers.Contains(target) && CanEnter(f, proto.FrameMap!, target)) headers.Add(target);
            }
        }
        if (headers.Count == 0) return null;
        return Compile(f, proto, policy, new bool[f.Entry.Params.Count], globals, listing, headers.ToArray(), sink ?? DynamicMethodSink.Instance, optimize: false);
    }

    /// <summary>Whether every value live at <paramref name="block"/> can be read from a register or loaded again (a constant).</summary>
    private static bool CanEnter(IrFunction f, FrameMap map, int block)
    {
        foreach (var u in map.LiveIn(block))
            if (map.RegisterOf(u) < 0 && f[u].Op != IrOp.Const) return false;
        return true;
    }

    private static JitCode? Compile(IrFunction f, RegisterProto proto, JitPolicy policy, bool[] intParams, Value[] globals, bool listing, int[]? osrBlocks,
        IlMethodSink sink, bool optimize)
    {
        var reason = Unsupported(f);
        if (reason != null) throw new NotSupportedException($"{f.Name}: {reason}");
        int maxWindow = 1;
        for (int v = 0; v < f.InstrCount; v++)
            if (!f[v].IsRemoved && WindowOperands(f[v].Op)) maxWindow = Math.Max(maxWindow, f[v].OperandCount + (IsOther(f[v].Op) ? 2 : 0));
        int argBase = proto.FrameSize + 1;
        var positions = new int[f.InstrCount];
        var inlineAt = new int[f.InstrCount];
        for (int v = 0; v < f.InstrCount; v++)
        {
            positions[v] = f[v].Pos;
            inlineAt[v] = f[v].Inline;
        }
        var code = new JitCode(f, proto, f.Constants.ToArray(), f.Side.ToArray(), positions, inlineAt, f.InlineFrames.ToArray(), argBase, intParams, policy);
        // Method calls take the VM's method sites (and their inline caches), one per IR site.
        for (int v = 0; v < f.InstrCount; v++)
            if (!f[v].IsRemoved && f[v].Op is IrOp.CallMethod or IrOp.CallMethodLocal && code.Side[f[v].Aux] is IrMethodSite m)
                code.Side[f[v].Aux] = new MethodSite(m.Name, m.Method, m.ReceiverIsPlace, m.IsStatement, receiverLocal: -1, skipOffset: 0, writeBackSlot: -1);
        // Speculation retypes the IR for this compilation only: the parameters as ints, then inference from there.
        var types = new IrType[f.InstrCount];
        for (int v = 0; v < f.InstrCount; v++) types[v] = f[v].Type;
        try
        {
            var ps = f.Entry.Params;
            bool osr = osrBlocks != null;
            var selfCalls = osr || !optimize ? [] : SelfCalls(f, proto, globals);
            code.Optimized = optimize;
            code.CountsCalls = !optimize && !osr && policy.TiersUp;
            var intResults = new HashSet<int>();
            if (code.Speculates)
            {
                for (int i = 0; i < ps.Count; i++)
                    if (intParams[i]) f[ps[i]].Type = IrType.Int;
                // The results of calls of itself are ints too if every return is an int under that assumption
                // (the guard after each call checks it; a failure deoptimizes).
                if (proto.FrameMap != null)
                    foreach (var v in selfCalls)
                        if (proto.FrameMap.ResumePc(v) >= 0) intResults.Add(v);
                foreach (var v in intResults) f[v].Type = IrType.Int;
                new TypeInference().Run(f);
                if (intResults.Count > 0 && !ReturnsInts(f))
                {
                    foreach (var v in intResults) f[v].Type = types[v];
                    intResults.Clear();
                    new TypeInference().Run(f);
                }
            }
            // An on-stack replacement entry takes the index of the loop header to enter instead of parameters.
            var paramTypes = new Type[BodyArgs + (osr ? 1 : ps.Count)];
            if (osr) paramTypes[BodyArgs] = typeof(int);
            else
                for (int i = 0; i < ps.Count; i++) paramTypes[BodyArgs + i] = IlType(RepOf(f, ps[i]));
            paramTypes[ArgSelf] = typeof(JitCode);
            paramTypes[ArgVm] = typeof(RegisterVm);
            paramTypes[ArgFp] = typeof(int);
            paramTypes[ArgDepth] = typeof(int);
            // A body whose every return is an int returns a long (a deoptimized one that ends with another value
            // hands it over through the VM and returns long.MinValue: see JitOps.ReturnLong).
            bool returnsLong = !osr && ReturnsInts(f);
            var body = sink.Define(osr ? f.Name + "$osr" : f.Name, returnsLong ? typeof(long) : typeof(Value), paramTypes, out var bodyIl);
            var compiler = new IlCompiler(f, proto, bodyIl, listing, argBase)
            {
                _body = body, _code = code, _selfCall = selfCalls, _intResult = intResults, _returnsLong = returnsLong,
                _frameShift = argBase + maxWindow + 1, _receiverSlot = argBase - 1, _osrBlocks = osrBlocks,
            };
            if (!compiler.Emit()) return null;
            code.FrameShift = compiler._frameShift;
            var entry = osr ? null : EmitEntry(f, sink, body, returnsLong, compiler._rep, code, compiler._frameShift);
            var runnable = sink.Complete();
            if (osr)
            {
                code.Osr = (JitOsrEntry)runnable(body).CreateDelegate(typeof(JitOsrEntry), code);
                code.OsrBlocks = osrBlocks;
            }
            else code.Entry = (JitEntry)runnable(entry!).CreateDelegate(typeof(JitEntry), code);
            code.Listing = compiler._listing?.ToString();
        }
        finally
        {
            for (int v = 0; v < f.InstrCount; v++) f[v].Type = types[v];
        }
        return code;
    }

    /// <summary>
    /// The entry from the interpreter: reads the arguments from the VM stack, checks the speculation on each
    /// unboxed one (the entry guard), pushes the frame and calls the body; a failed guard goes to <see cref="JitOps.EntryExit"/>.
    /// </summary>
    private static MethodInfo EmitEntry(IrFunction f, IlMethodSink sink, MethodInfo body, bool returnsLong, Rep[] reps, JitCode code, int frameShift)
    {
        var entry = sink.Define(f.Name + "$entry", typeof(Value),
            [typeof(JitCode), typeof(RegisterVm), typeof(RFunction), typeof(int), typeof(int)], out var il);
        var stack = il.DeclareLocal(typeof(Value[]));
        var exit = il.DefineLabel();
        var ps = f.Entry.Params;
        if (code.CountsCalls)
        {
            // Baseline code that tiers up: counts its calls and the kinds of its arguments, and past the
            // optimizing threshold hands this call to the optimized code.
            var counted = il.DefineLabel();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_3);
            il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), nameof(JitOps.CountCall)));
            il.Emit(OpCodes.Brfalse, counted);
            for (int a = 0; a < EntryArgs; a++) il.Emit(OpCodes.Ldarg, (short)a);
            il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), nameof(JitOps.TierUp)));
            il.Emit(OpCodes.Ret);
            il.MarkLabel(counted);
        }
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, MethodOf(typeof(RegisterVm), "get_" + nameof(RegisterVm.Stack)));
        il.Emit(OpCodes.Stloc, stack);
        bool guarded = false;
        for (int i = 0; i < ps.Count; i++)
        {
            if (reps[ps[i]] == Rep.Value) continue;
            LoadArgument(il, stack, i);
            il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), reps[ps[i]] == Rep.Int ? nameof(JitOps.IsInt) : nameof(JitOps.IsBool)));
            il.Emit(OpCodes.Brfalse, exit);
            guarded = true;
        }
        if (guarded && code.Policy.StressDeopt)
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), nameof(JitOps.StressExit)));
            il.Emit(OpCodes.Brtrue, exit);
        }
        // The frame (its top above the outgoing-argument area), at the next index.
        var depth = il.DeclareLocal(typeof(int));
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, MethodOf(typeof(RegisterVm), "get_" + nameof(RegisterVm.FrameCount)));
        il.Emit(OpCodes.Stloc, depth);
        il.Emit(OpCodes.Ldarg, (short)EntryVm);
        il.Emit(OpCodes.Ldarg, (short)EntryFunction);
        il.Emit(OpCodes.Ldarg, (short)EntryFp);
        il.Emit(OpCodes.Ldc_I4, frameShift);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldc_I4, ps.Count);
        il.Emit(OpCodes.Ldarg, (short)EntryCallPos);
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Call, MethodOf(typeof(RegisterVm), nameof(RegisterVm.EnterDirect)));
        il.Emit(OpCodes.Ldarg, (short)EntrySelf);
        il.Emit(OpCodes.Ldarg, (short)EntryVm);
        il.Emit(OpCodes.Ldarg, (short)EntryFp);
        il.Emit(OpCodes.Ldloc, depth);
        for (int i = 0; i < ps.Count; i++)
        {
            LoadArgument(il, stack, i);
            if (reps[ps[i]] == Rep.Int) il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), nameof(JitOps.IntOf)));
            else if (reps[ps[i]] == Rep.Bool) il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), nameof(JitOps.BoolOf)));
        }
        il.Emit(OpCodes.Call, body);
        if (returnsLong)
        {
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), nameof(JitOps.BoxReturn)));
        }
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldloc, depth);
        il.Emit(OpCodes.Call, MethodOf(typeof(RegisterVm), nameof(RegisterVm.LeaveCompiled)));
        il.Emit(OpCodes.Ret);
        il.MarkLabel(exit);
        for (int a = 0; a < EntryArgs; a++) il.Emit(OpCodes.Ldarg, (short)a);
        il.Emit(OpCodes.Call, MethodOf(typeof(JitOps), nameof(JitOps.EntryExit)));
        il.Emit(OpCodes.Ret);
        return entry;
    }

    /// <summary>Pushes argument <paramref name="i"/> of the call: the Value at fp + i of the VM stack.</summary>
    private static void LoadArgument(ILGenerator il, LocalBuilder stack, int i)
    {
        il.Emit(OpCodes.Ldloc, stack);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Ldc_I4, i);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ldelem, typeof(Value));
    }

    private static Type IlType(Rep rep) => rep switch { Rep.Int => typeof(long), Rep.Bool => typeof(bool), _ => typeof(Value) };

    /// <summary>Calls through a global that holds this very function now: they become direct calls of the body.</summary>
    private static HashSet<int> SelfCalls(IrFunction f, RegisterProto proto, Value[] globals)
    {
        var calls = new HashSet<int>();
        for (int v = 0; v < f.InstrCount; v++)
        {
            if (f[v].IsRemoved || f[v].Op != IrOp.CallGlobal || f[v].OperandCount != proto.ParamCount) continue;
            var target = (CallTarget)f.Side[f[v].Aux];
            var g = target.Global >= 0 && target.Global < globals.Length ? globals[target.Global] : default;
            if (g.Kind == ValueKind.Function && ReferenceEquals(g.AsFunction.Code, proto)) calls.Add(v);
        }
        return calls;
    }

    private static bool ReturnsInts(IrFunction f)
    {
        foreach (var b in f.ReversePostorder())
        {
            int t = f.Terminator(b);
            if (t >= 0 && f[t].Op == IrOp.Return && !f[f.Operand(t, 0)].Type.Is(IrKinds.Int)) return false;
        }
        return true;
    }

    /// <summary>Instructions whose operands go to the VM stack (calls, built-ins, array and format literals).</summary>
    private static bool WindowOperands(IrOp op) => op is IrOp.CallGlobal or IrOp.Call or IrOp.CallNative or IrOp.CallMethod or IrOp.CallMethodLocal
        or IrOp.NewArray or IrOp.Format
        or IrOp.PatternError || IsOther(op);

    /// <summary>Emits the body (false: an on-stack replacement entry that cannot read a live value).</summary>
    private bool Emit()
    {
        _listing?.Append("; ").Append(_f.Name).Append('\n');
        // Locals: one per value, in its representation.
        foreach (var b in _rpo)
        {
            foreach (var p in _f.Blocks[b].Params) Declare(p);
            foreach (var v in _f.Blocks[b].Instrs)
                if (IrOpInfo.HasResult(_f[v].Op) && _f[v].Op != IrOp.Param) Declare(v);
        }
        _stackTemp = _il.DeclareLocal(typeof(Value[]));
        _calleeTemp = _il.DeclareLocal(typeof(RFunction));
        _resultTemp = _il.DeclareLocal(typeof(Value));
        _longTemp = _il.DeclareLocal(typeof(long));
        foreach (var b in _rpo) _blockLabel[b] = _il.DefineLabel();

        if (_osrBlocks != null) EmitOsrPrologue();
        else
        {
            // Prologue: the parameters into their locals (the caller pushed the frame).
            var entryParams = _f.Entry.Params;
            for (int i = 0; i < entryParams.Count; i++)
            {
                Op(OpCodes.Ldarg, BodyArgs + i);
                Op(OpCodes.Stloc, _local[entryParams[i]]!);
            }
        }
        foreach (var b in _rpo)
        {
            _il.MarkLabel(_blockLabel[b]);
            _listing?.Append('b').Append(b).Append(":\n");
            foreach (var v in _f.Blocks[b].Instrs) EmitInstr(v);
        }
        foreach (var (site, label) in _deopts) EmitDeopt(site, label);
        return true;
    }

    /// <summary>
    /// On-stack replacement: a switch on the entry index; per loop header, every value live there is read from its
    /// register (a range loop's counters from two), a constant that has none is loaded again; then the header's code runs.
    /// </summary>
    private void EmitOsrPrologue()
    {
        var map = _proto.FrameMap!;
        LoadVm();
        Call(typeof(RegisterVm), "get_" + nameof(RegisterVm.Stack));
        Op(OpCodes.Stloc, _stackTemp);
        var entries = new Label[_osrBlocks!.Length];
        for (int i = 0; i < entries.Length; i++) entries[i] = _il.DefineLabel();
        Op(OpCodes.Ldarg, BodyArgs);
        _il.Emit(OpCodes.Switch, entries);
        _listing?.Append("  switch (").Append(string.Join(", ", _osrBlocks.Select(b => "enter-b" + b))).Append(")\n");
        Op(OpCodes.Br, entries[0], "enter-b" + _osrBlocks[0]);
        for (int i = 0; i < entries.Length; i++)
        {
            _il.MarkLabel(entries[i]);
            _listing?.Append("enter-b").Append(_osrBlocks[i]).Append(":\n");
            EmitOsrEntry(map, _osrBlocks[i]);
        }
    }

    private void EmitOsrEntry(FrameMap map, int block)
    {
        foreach (var u in map.LiveIn(block))
        {
            int reg = map.RegisterOf(u);
            if (reg < 0)
            {
                EmitInstr(u);
                continue;
            }
            if (_rep[u] == Rep.Counters)
            {
                LoadRegister(reg);
                Ops(nameof(JitOps.IntOf));
                Op(OpCodes.Stloc, Local(u));
                LoadRegister(reg + 1);
                Ops(nameof(JitOps.IntOf));
                Op(OpCodes.Stloc, _counterRemaining[u]!);
                continue;
            }
            LoadRegister(reg);
            StoreValue(u);
        }
        Op(OpCodes.Br, _blockLabel[block], "b" + block);
    }

    private void LoadRegister(int reg)
    {
        Op(OpCodes.Ldloc, _stackTemp);
        Op(OpCodes.Ldarg, ArgFp);
        Ldc(reg);
        Op(OpCodes.Add);
        _il.Emit(OpCodes.Ldelem, typeof(Value));
        _listing?.Append("  ldelem Value\n");
    }

    /// <summary>
    /// The exit of a failed guard after call <paramref name="site"/>: the values live there (the frame state, from the
    /// register code's <see cref="FrameMap"/>) are boxed into an array and the interpreter finishes the function.
    /// </summary>
    private void EmitDeopt(int site, Label label)
    {
        _il.MarkLabel(label);
        _listing?.Append("deopt v").Append(site).Append(":\n");
        var live = _proto.FrameMap!.LiveAfter(site);
        var registers = new List<int>();
        foreach (var (u, reg) in live)
        {
            registers.Add(reg);
            if (_rep[u] == Rep.Counters) registers.Add(reg + 1);
        }
        _code.DeoptRegisters[site] = registers.ToArray();
        Op(OpCodes.Ldarg, ArgSelf);
        LoadVm();
        Op(OpCodes.Ldarg, ArgFp);
        Ldc(site);
        Op(OpCodes.Ldloc, _resultTemp);
        Ldc(registers.Count);
        _il.Emit(OpCodes.Newarr, typeof(Value));
        _listing?.Append("  newarr Value\n");
        int slot = 0;
        foreach (var (u, _) in live)
        {
            if (_rep[u] == Rep.Counters)
            {
                StoreSlot(slot++, () => { Op(OpCodes.Ldloc, Local(u)); CallValue(nameof(Value.FromInt)); });
                StoreSlot(slot++, () => { Op(OpCodes.Ldloc, _counterRemaining[u]!); CallValue(nameof(Value.FromInt)); });
            }
            else StoreSlot(slot++, () => LoadValue(u));
        }
        Ops(nameof(JitOps.Deopt));
        if (_returnsLong)
        {
            LoadVm();
            Ops(nameof(JitOps.ReturnLong));
        }
        Op(OpCodes.Ret);
    }

    private void StoreSlot(int slot, Action load)
    {
        Op(OpCodes.Dup);
        Ldc(slot);
        load();
        _il.Emit(OpCodes.Stelem, typeof(Value));
        _listing?.Append("  stelem Value\n");
    }

    /// <summary>Stores the Value a call left on the IL stack into <paramref name="v"/>: behind a guard when its result is speculated.</summary>
    private void StoreCallResult(int v)
    {
        if (!_intResult.Contains(v))
        {
            StoreValue(v);
            return;
        }
        var deopt = _il.DefineLabel();
        _deopts.Add((v, deopt));
        _code.GuardedCalls++;
        Op(OpCodes.Stloc, _resultTemp);
        Op(OpCodes.Ldloc, _resultTemp);
        Ops(nameof(JitOps.IsInt));
        Op(OpCodes.Brfalse, deopt, "deopt");
        if (_code.Policy.StressDeopt)
        {
            Op(OpCodes.Ldarg, ArgSelf);
            Ops(nameof(JitOps.StressExit));
            Op(OpCodes.Brtrue, deopt, "deopt");
        }
        Op(OpCodes.Ldloc, _resultTemp);
        Ops(nameof(JitOps.IntOf));
        Op(OpCodes.Stloc, Local(v));
    }

    private static Rep RepOf(IrFunction f, int v)
    {
        var t = f[v].Type;
        return f[v].Op == IrOp.ForPrep ? Rep.Counters : t.Is(IrKinds.Int) ? Rep.Int : t.Is(IrKinds.Bool) ? Rep.Bool : Rep.Value;
    }

    private void Declare(int v)
    {
        var rep = RepOf(_f, v);
        _rep[v] = rep;
        _local[v] = _il.DeclareLocal(rep == Rep.Counters ? typeof(long) : IlType(rep));
        if (rep == Rep.Counters) _counterRemaining[v] = _il.DeclareLocal(typeof(long));
    }

    // ------------------------------------------------------------------ IL helpers

    private void Op(OpCode op)
    {
        _il.Emit(op);
        _listing?.Append("  ").Append(op.Name).Append('\n');
    }

    private void Op(OpCode op, int arg)
    {
        _il.Emit(op, (short)arg);
        _listing?.Append("  ").Append(op.Name).Append(' ').Append(arg).Append('\n');
    }

    private void Op(OpCode op, LocalBuilder local)
    {
        _il.Emit(op, local);
        _listing?.Append("  ").Append(op.Name).Append(" L").Append(local.LocalIndex).Append('\n');
    }

    private void Op(OpCode op, Label label, string target)
    {
        _il.Emit(op, label);
        _listing?.Append("  ").Append(op.Name).Append(' ').Append(target).Append('\n');
    }

    private void Ldc(int value)
    {
        _il.Emit(OpCodes.Ldc_I4, value);
        _listing?.Append("  ldc.i4 ").Append(value).Append('\n');
    }

    private void Ldc(long value)
    {
        _il.Emit(OpCodes.Ldc_I8, value);
        _listing?.Append("  ldc.i8 ").Append(value).Append('\n');
    }

    // Reflection lookups by name cost microseconds each and a function needs hundreds: looked up once per process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), MethodInfo> Methods = new();

    private static MethodInfo MethodOf(Type type, string name) => Methods.GetOrAdd((type, name), static key =>
        key.Item1.GetMethod(key.Item2, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"internal JIT error: no method {key.Item1.Name}.{key.Item2}"));

    private void Call(Type type, string name)
    {
        var m = MethodOf(type, name);
        _il.Emit(m.IsStatic ? OpCodes.Call : OpCodes.Callvirt, m);
        _listing?.Append("  call ").Append(type.Name).Append('.').Append(name).Append('\n');
    }

    private void CallValue(string name)
    {
        _il.Emit(OpCodes.Call, MethodOf(typeof(Value), name));
        _listing?.Append("  call Value.").Append(name).Append('\n');
    }

    private void Ops(string name) => Call(typeof(JitOps), name);

    /// <summary>Pushes value <paramref name="v"/> as a <see cref="Value"/>.</summary>
    private void LoadValue(int v)
    {
        Op(OpCodes.Ldloc, Local(v));
        switch (_rep[v])
        {
            case Rep.Int: CallValue(nameof(Value.FromInt)); break;
            case Rep.Bool: CallValue(nameof(Value.FromBool)); break;
            case Rep.Counters: throw new InvalidOperationException($"internal JIT error: range counters v{v} used as a value");
        }
    }

    /// <summary>Pushes <paramref name="v"/> in representation <paramref name="rep"/> (unboxed only where it is unboxed already).</summary>
    private void Load(int v, Rep rep)
    {
        if (rep == Rep.Value) { LoadValue(v); return; }
        if (_rep[v] != rep) throw new InvalidOperationException($"internal JIT error: v{v} is {_rep[v]}, wanted {rep}");
        // An unboxed constant as a literal: the CLR then folds it (a remainder by 7 becomes a multiplication).
        if (rep == Rep.Int && _f[v].Op == IrOp.Const) Ldc(_f.Constants[_f[v].Aux].AsInt);
        else Op(OpCodes.Ldloc, Local(v));
    }

    private LocalBuilder Local(int v) => _local[v] ?? throw new InvalidOperationException($"internal JIT error: v{v} has no local in {_f.Name}");

    /// <summary>Stores the Value on the IL stack into <paramref name="v"/>'s local (unboxing a proved int or bool).</summary>
    private void StoreValue(int v)
    {
        switch (_rep[v])
        {
            case Rep.Int: Ops(nameof(JitOps.IntOf)); break;
            case Rep.Bool: Ops(nameof(JitOps.BoolOf)); break;
        }
        Op(OpCodes.Stloc, Local(v));
    }

    private void LoadVm() => Op(OpCodes.Ldarg, ArgVm);

    /// <summary>Pushes entry <paramref name="index"/> of the constant pool as a Value.</summary>
    private void LoadConstant(int index)
    {
        Op(OpCodes.Ldarg, ArgSelf);
        _il.Emit(OpCodes.Ldfld, typeof(JitCode).GetField(nameof(JitCode.Constants))!);
        _listing?.Append("  ldfld JitCode.Constants\n");
        Ldc(index);
        _il.Emit(OpCodes.Ldelem, typeof(Value));
        _listing?.Append("  ldelem Value\n");
    }

    private void LoadSide(int index)
    {
        Op(OpCodes.Ldarg, ArgSelf);
        _il.Emit(OpCodes.Ldfld, typeof(JitCode).GetField(nameof(JitCode.Side))!);
        _listing?.Append("  ldfld JitCode.Side\n");
        Ldc(index);
        Op(OpCodes.Ldelem_Ref);
    }

    /// <summary>Writes the operands of <paramref name="v"/> (from <paramref name="first"/>) to the outgoing-argument area.</summary>
    private void StoreArguments(int v, int first)
    {
        var ops = _f.OperandsOf(v);
        int count = ops.Length - first;
        LoadVm();
        Op(OpCodes.Ldarg, ArgFp);
        Ldc(_argBase + count);
        Op(OpCodes.Add);
        Call(typeof(RegisterVm), nameof(RegisterVm.StackWithRoom));
        Op(OpCodes.Stloc, _stackTemp);
        for (int k = 0; k < count; k++)
        {
            Op(OpCodes.Ldloc, _stackTemp);
            Op(OpCodes.Ldarg, ArgFp);
            Ldc(_argBase + k);
            Op(OpCodes.Add);
            LoadValue(_f.Operand(v, first + k));
            _il.Emit(OpCodes.Stelem, typeof(Value));
            _listing?.Append("  stelem Value\n");
        }
    }

    /// <summary>Pushes the absolute stack index of the outgoing-argument area.</summary>
    private void LoadArgBase()
    {
        Op(OpCodes.Ldarg, ArgFp);
        Ldc(_argBase);
        Op(OpCodes.Add);
    }

    // ------------------------------------------------------------------ instructions

    private void EmitInstr(int v)
    {
        ref var ins = ref _f[v];
        var ops = _f.OperandsOf(v);
        if (_listing != null) _listing.Append(";   v").Append(v).Append(" = ").Append(IrOpInfo.Name(ins.Op)).Append('\n');
        switch (ins.Op)
        {
            case IrOp.Param:
                return;
            case IrOp.Const:
            {
                var c = _f.Constants[ins.Aux];
                switch (_rep[v])
                {
                    case Rep.Int: Ldc(c.AsInt); break;
                    case Rep.Bool: Ldc(c.AsBool ? 1 : 0); break;
                    default:
                        LoadConstant(ins.Aux);
                        break;
                }
                Op(OpCodes.Stloc, Local(v));
                return;
            }
            case IrOp.Copy:
                Load(ops[0], _rep[v]);
                Op(OpCodes.Stloc, Local(v));
                return;
            case IrOp.Share or IrOp.Unique:
                // Unboxed ints and bools are no copy-on-write objects: a plain copy.
                Load(ops[0], _rep[v]);
                if (_rep[v] == Rep.Value) Ops(ins.Op == IrOp.Share ? nameof(JitOps.Share) : nameof(JitOps.Unique));
                Op(OpCodes.Stloc, Local(v));
                return;
            case IrOp.GetGlobal:
                LoadVm();
                Ldc(ins.Aux);
                Ops(nameof(JitOps.GetGlobal));
                StoreValue(v);
                return;
            case IrOp.SetGlobal:
                LoadVm();
                Ldc(ins.Aux);
                LoadValue(ops[0]);
                Ops(nameof(JitOps.SetGlobal));
                return;
            case >= IrOp.Add and <= IrOp.Shr:
                EmitBinary(v, ins.Op, ops[0], ops[1]);
                return;
            case IrOp.Not when _rep[ops[0]] == Rep.Bool:
                Load(ops[0], Rep.Bool);
                Ldc(0);
                Op(OpCodes.Ceq);
                if (_rep[v] == Rep.Bool) Op(OpCodes.Stloc, Local(v));
                else { CallValue(nameof(Value.FromBool)); StoreValue(v); }
                return;
            case IrOp.Neg or IrOp.Not or IrOp.BitNot or IrOp.Plus:
                LoadValue(ops[0]);
                Ldc((int)ins.Op);
                LoadVm();
                Ldc(v);
                Ops(nameof(JitOps.Unary));
                StoreValue(v);
                return;
            case IrOp.CallGlobal:
            {
                var target = (CallTarget)_f.Side[ins.Aux];
                var done = _il.DefineLabel();
                var stored = _il.DefineLabel();
                if (_selfCall.Contains(v)) EmitDirectSelfCall(v, target.Global, done, stored);
                StoreArguments(v, 0);
                LoadVm();
                LoadVm();
                Ldc(target.Global);
                Ops(nameof(JitOps.GetGlobal));
                LoadArgBase();
                Ldc(ops.Length);
                Ldc(v);
                LoadSide(ins.Aux);
                Call(typeof(RegisterVm), nameof(RegisterVm.CallFromCompiled));
                _il.MarkLabel(done);
                StoreCallResult(v);
                _il.MarkLabel(stored);
                return;
            }
            case IrOp.Call:
                StoreArguments(v, 1);
                LoadVm();
                LoadValue(ops[0]);
                LoadArgBase();
                Ldc(ops.Length - 1);
                Ldc(v);
                LoadSide(ins.Aux);
                Call(typeof(RegisterVm), nameof(RegisterVm.CallFromCompiled));
                StoreValue(v);
                return;
            case IrOp.CallNative:
                StoreArguments(v, 0);
                LoadVm();
                Ldc(ins.Aux);
                LoadArgBase();
                Ldc(ops.Length);
                Ldc(v);
                Call(typeof(RegisterVm), nameof(RegisterVm.BuiltinFromCompiled));
                StoreValue(v);
                return;
            case IrOp.CallMethod:
            case IrOp.CallMethodLocal:
            {
                bool local = ins.Op == IrOp.CallMethodLocal;
                StoreArguments(v, 0);
                if (local)
                {
                    // The receiver's variable, where a mutating method leaves its new value (ReceiverAfter reads it).
                    Op(OpCodes.Ldloc, _stackTemp);
                    Op(OpCodes.Ldarg, ArgFp);
                    Ldc(_receiverSlot);
                    Op(OpCodes.Add);
                    LoadValue(ops[0]);
                    _il.Emit(OpCodes.Stelem, typeof(Value));
                    _listing?.Append("  stelem Value\n");
                }
                LoadVm();
                LoadSide(ins.Aux);
                LoadArgBase();
                Ldc(ops.Length - 1);
                if (local)
                {
                    Op(OpCodes.Ldarg, ArgFp);
                    Ldc(_receiverSlot);
                    Op(OpCodes.Add);
                }
                else Ldc(-1);
                Ldc(v);
                Call(typeof(RegisterVm), nameof(RegisterVm.MethodFromCompiled));
                StoreValue(v);
                return;
            }
            case IrOp.ReceiverAfter:
                // Read after the call: the stack may have been replaced by a bigger one meanwhile.
                LoadVm();
                Call(typeof(RegisterVm), "get_" + nameof(RegisterVm.Stack));
                Op(OpCodes.Ldarg, ArgFp);
                Ldc(_receiverSlot);
                Op(OpCodes.Add);
                _il.Emit(OpCodes.Ldelem, typeof(Value));
                _listing?.Append("  ldelem Value\n");
                StoreValue(v);
                return;
            case IrOp.Format:
                StoreArguments(v, 0);
                LoadVm();
                LoadSide(ins.Aux);
                LoadArgBase();
                Ldc(v);
                Ops(nameof(JitOps.Format));
                StoreValue(v);
                return;
            case IrOp.NewArray:
                StoreArguments(v, 0);
                LoadVm();
                LoadArgBase();
                Ldc(ops.Length);
                Ops(nameof(JitOps.NewArray));
                StoreValue(v);
                return;
            case IrOp.ArrayRepeat:
                LoadValue(ops[0]);
                LoadValue(ops[1]);
                LoadVm();
                Ldc(v);
                Ops(nameof(JitOps.ArrayRepeat));
                StoreValue(v);
                return;
            case IrOp.IterInit:
                LoadValue(ops[0]);
                LoadVm();
                Ldc(v);
                Ops(nameof(JitOps.IterInit));
                StoreValue(v);
                return;
            case IrOp.Index:
                LoadValue(ops[0]);
                if (_rep[ops[1]] == Rep.Int)
                {
                    Load(ops[1], Rep.Int);
                    LoadVm();
                    Ldc(v);
                    Ops(nameof(JitOps.IndexInt));
                }
                else
                {
                    LoadValue(ops[1]);
                    LoadVm();
                    Ldc(v);
                    Ops(nameof(JitOps.Index));
                }
                StoreValue(v);
                return;
            case IrOp.SetIndex:
                LoadValue(ops[0]);
                LoadValue(ops[1]);
                LoadValue(ops[2]);
                LoadVm();
                Ldc(v);
                Ops(nameof(JitOps.SetIndex));
                return;
            case IrOp.GetField:
                LoadValue(ops[0]);
                LoadSide(ins.Aux);
                LoadVm();
                Ldc(v);
                Ops(nameof(JitOps.GetField));
                StoreValue(v);
                return;
            case IrOp.TestEqK:
                LoadConstant(ins.Aux);
                LoadValue(ops[0]);
                Ops(nameof(JitOps.TestEqK));
                StoreBool(v);
                return;
            case IrOp.PatternError:
                LoadVm();
                LoadSide(ins.Aux);
                LoadValue(ops[0]);
                _il.Emit(OpCodes.Ldstr, _proto.Name);
                _listing?.Append("  ldstr ").Append(_proto.Name).Append('\n');
                Ldc(v);
                Ops(nameof(JitOps.PatternError));
                Op(OpCodes.Throw);
                return;
            case var other when IsOther(other):
            {
                StoreArguments(v, 0);
                int count = ops.Length;
                // The VM reads a range's two bounds from its window whichever were given.
                if (other == IrOp.NewRange) count = Math.Max(count, 2);
                LoadVm();
                Ldc((int)other);
                if (IrOpInfo.AuxKind(other) == IrAux.Side) LoadSide(ins.Aux);
                else
                {
                    Op(OpCodes.Ldnull);
                }
                Ldc(ins.Aux);
                LoadArgBase();
                Ldc(count);
                Ldc(v);
                Ops(nameof(JitOps.Other));
                if (IrOpInfo.HasResult(other)) StoreValue(v);
                else Op(OpCodes.Pop);
                return;
            }
            case IrOp.ForPrep:
                LoadSide(ins.Aux);
                LoadValue(ops[0]);
                LoadValue(ops[1]);
                _il.Emit(OpCodes.Ldloca, Local(v));
                _il.Emit(OpCodes.Ldloca, _counterRemaining[v]!);
                _listing?.Append("  ldloca next; ldloca remaining\n");
                LoadVm();
                Ldc(v);
                Ops(nameof(JitOps.RangePrep));
                return;
            case IrOp.Jump:
                EmitEdge(v, 0);
                return;
            case IrOp.Branch:
            {
                var cond = ops[0];
                if (_rep[cond] == Rep.Bool) Load(cond, Rep.Bool);
                else
                {
                    LoadValue(cond);
                    Ops(nameof(JitOps.Truthy));
                }
                TwoWay(v, OpCodes.Brfalse);
                return;
            }
            case IrOp.BranchCallee:
                LoadVm();
                LoadSide(ins.Aux);
                Ops(nameof(JitOps.CalleeIs));
                TwoWay(v, OpCodes.Brfalse);
                return;
            case IrOp.ForLoop:
            {
                // if remaining <= 0: exit; else remaining--, item = next++, body
                int counters = ops[0];
                var remaining = _counterRemaining[counters]!;
                var next = Local(counters);
                var exit = _il.DefineLabel();
                Op(OpCodes.Ldloc, remaining);
                Ldc(0L);
                Op(OpCodes.Ble, exit, "exit");
                Op(OpCodes.Ldloc, remaining);
                Ldc(1L);
                Op(OpCodes.Sub);
                Op(OpCodes.Stloc, remaining);
                var body = _f.Edge(v, 0);
                int item = _f.Blocks[body.Target].Params[0];
                Op(OpCodes.Ldloc, next);
                if (_rep[item] == Rep.Value) CallValue(nameof(Value.FromInt));
                else if (_rep[item] != Rep.Int) throw new InvalidOperationException($"internal JIT error: range item v{item} is {_rep[item]}");
                Op(OpCodes.Stloc, Local(item));
                Op(OpCodes.Ldloc, next);
                Ldc(1L);
                Op(OpCodes.Add);
                Op(OpCodes.Stloc, next);
                EmitEdge(v, 0);
                _il.MarkLabel(exit);
                _listing?.Append("exit:\n");
                EmitEdge(v, 1);
                return;
            }
            case IrOp.IterNext:
            {
                // if the iterator has a next item: item, body; else exit
                var exit = _il.DefineLabel();
                LoadValue(ops[0]);
                _il.Emit(OpCodes.Ldloca, _resultTemp);
                _listing?.Append("  ldloca result\n");
                Ops(nameof(JitOps.IterNext));
                Op(OpCodes.Brfalse, exit, "exit");
                var body = _f.Edge(v, 0);
                int item = _f.Blocks[body.Target].Params[0];
                Op(OpCodes.Ldloc, _resultTemp);
                StoreValue(item);
                EmitEdge(v, 0);
                _il.MarkLabel(exit);
                _listing?.Append("exit:\n");
                EmitEdge(v, 1);
                return;
            }
            case IrOp.Return:
                if (_returnsLong) Load(ops[0], Rep.Int);
                else LoadValue(ops[0]);
                Op(OpCodes.Ret);
                return;
            default:
                throw new NotSupportedException($"internal JIT error: no baseline code for {IrOpInfo.Name(ins.Op)}");
        }
    }

    /// <summary>
    /// A call of this function through its global: when the global still holds it (the guard) and the arguments
    /// fit the speculation, the body calls itself with unboxed arguments, skipping the VM stack and the entry.
    /// Otherwise it falls through to the general call that follows. Both leave the result (a Value) on the IL stack at <paramref name="done"/>.
    /// </summary>
    private void EmitDirectSelfCall(int v, int global, Label done, Label stored)
    {
        var ops = _f.OperandsOf(v);
        var ps = _f.Entry.Params;
        var general = _il.DefineLabel();
        LoadVm();
        Ldc(global);
        Op(OpCodes.Ldarg, ArgSelf);
        _il.Emit(OpCodes.Ldfld, typeof(JitCode).GetField(nameof(JitCode.Proto))!);
        _listing?.Append("  ldfld JitCode.Proto\n");
        Call(typeof(RegisterVm), nameof(RegisterVm.CompiledCallee));
        Op(OpCodes.Stloc, _calleeTemp);
        Op(OpCodes.Ldloc, _calleeTemp);
        Op(OpCodes.Brfalse, general, "general");
        for (int i = 0; i < ops.Length; i++)
        {
            var want = _rep[ps[i]];
            if (want == Rep.Value || _rep[ops[i]] == want) continue;
            LoadValue(ops[i]);
            Ops(want == Rep.Int ? nameof(JitOps.IsInt) : nameof(JitOps.IsBool));
            Op(OpCodes.Brfalse, general, "general");
        }
        // Our frame notes the call site; the callee's frame goes on top; the body runs; its frame comes off.
        LoadVm();
        Ldc(v);
        Op(OpCodes.Ldarg, ArgDepth);
        Call(typeof(RegisterVm), nameof(RegisterVm.MarkCallSite));
        LoadVm();
        Op(OpCodes.Ldloc, _calleeTemp);
        LoadArgBase();
        Ldc(_frameShift);
        Op(OpCodes.Add);
        Ldc(ops.Length);
        Ldc(_f[v].Pos);
        LoadCalleeDepth();
        Call(typeof(RegisterVm), nameof(RegisterVm.EnterDirect));
        Op(OpCodes.Ldarg, ArgSelf);
        LoadVm();
        LoadArgBase();
        LoadCalleeDepth();
        for (int i = 0; i < ops.Length; i++)
        {
            var want = _rep[ps[i]];
            if (want == Rep.Value) LoadValue(ops[i]);
            else if (_rep[ops[i]] == want) Load(ops[i], want);
            else
            {
                LoadValue(ops[i]);
                Ops(want == Rep.Int ? nameof(JitOps.IntOf) : nameof(JitOps.BoolOf));
            }
        }
        _il.Emit(OpCodes.Call, _body);
        _listing?.Append("  call <self>\n");
        _code.DirectCalls++;
        Op(OpCodes.Stloc, _returnsLong ? _longTemp : _resultTemp);
        LoadVm();
        LoadCalleeDepth();
        Call(typeof(RegisterVm), nameof(RegisterVm.LeaveCompiled));
        if (!_returnsLong)
        {
            Op(OpCodes.Ldloc, _resultTemp);
            Op(OpCodes.Br, done, "done");
        }
        else
        {
            // long.MinValue may stand for a value a deoptimized callee handed over: the general path sorts it out.
            var handedOver = _il.DefineLabel();
            Op(OpCodes.Ldloc, _longTemp);
            Ldc(long.MinValue);
            Op(OpCodes.Beq, handedOver, "handed-over");
            Op(OpCodes.Ldloc, _longTemp);
            // (In stress mode every result goes through the guard.)
            if (_rep[v] == Rep.Int && !_code.Policy.StressDeopt)
            {
                Op(OpCodes.Stloc, Local(v));
                Op(OpCodes.Br, stored, "stored");
            }
            else
            {
                CallValue(nameof(Value.FromInt));
                Op(OpCodes.Br, done, "done");
            }
            _il.MarkLabel(handedOver);
            _listing?.Append("handed-over:\n");
            Op(OpCodes.Ldloc, _longTemp);
            LoadVm();
            Ops(nameof(JitOps.BoxReturn));
            Op(OpCodes.Br, done, "done");
        }
        _il.MarkLabel(general);
        _listing?.Append("general:\n");
    }

    private void LoadCalleeDepth()
    {
        Op(OpCodes.Ldarg, ArgDepth);
        Ldc(1);
        Op(OpCodes.Add);
    }

    /// <summary>A two-way terminator whose test left a bool: edge 0 when true (<paramref name="jumpIfFalse"/> jumps to edge 1 when false).</summary>
    private void TwoWay(int t, OpCode jumpIfFalse)
    {
        var otherwise = _il.DefineLabel();
        Op(jumpIfFalse, otherwise, "else");
        EmitEdge(t, 0);
        _il.MarkLabel(otherwise);
        _listing?.Append("else:\n");
        EmitEdge(t, 1);
    }

    /// <summary>An edge: its arguments pushed, then stored into the target's parameters in reverse (a parallel move); a back edge polls for an interrupt.</summary>
    private void EmitEdge(int t, int k)
    {
        var e = _f.Edge(t, k);
        var ps = _f.Blocks[e.Target].Params;
        int skip = IrRewrite.ImplicitParams(_f, t, k);
        for (int a = 0; a < e.Args.Count; a++) Load(e.Args[a], _rep[ps[a + skip]]);
        for (int a = e.Args.Count - 1; a >= 0; a--) Op(OpCodes.Stloc, Local(ps[a + skip]));
        if (_rpoIndex[e.Target] <= _rpoIndex[_f[t].Block])
        {
            LoadVm();
            Ops(nameof(JitOps.Poll));
        }
        Op(OpCodes.Br, _blockLabel[e.Target], "b" + e.Target);
    }

    private void EmitBinary(int v, IrOp op, int x, int y)
    {
        bool ints = _rep[x] == Rep.Int && _rep[y] == Rep.Int;
        if (ints && IrOpInfo.IsCompare(op))
        {
            Load(x, Rep.Int);
            Load(y, Rep.Int);
            switch (op)
            {
                case IrOp.Lt: Op(OpCodes.Clt); break;
                case IrOp.Gt: Op(OpCodes.Cgt); break;
                case IrOp.Eq: Op(OpCodes.Ceq); break;
                case IrOp.Ne: Op(OpCodes.Ceq); Ldc(0); Op(OpCodes.Ceq); break;
                case IrOp.Le: Op(OpCodes.Cgt); Ldc(0); Op(OpCodes.Ceq); break;
                default: Op(OpCodes.Clt); Ldc(0); Op(OpCodes.Ceq); break; // Ge
            }
            StoreBool(v);
            return;
        }
        if (ints && op is IrOp.Add or IrOp.Sub or IrOp.Mul or IrOp.Div or IrOp.Rem or IrOp.BitAnd or IrOp.BitOr or IrOp.BitXor && _rep[v] == Rep.Int)
        {
            Load(x, Rep.Int);
            Load(y, Rep.Int);
            switch (op)
            {
                case IrOp.BitAnd: Op(OpCodes.And); break;
                case IrOp.BitOr: Op(OpCodes.Or); break;
                case IrOp.BitXor: Op(OpCodes.Xor); break;
                default:
                    LoadVm();
                    Ldc(v);
                    Ops(op switch
                    {
                        IrOp.Add => nameof(JitOps.AddInt), IrOp.Sub => nameof(JitOps.SubInt), IrOp.Mul => nameof(JitOps.MulInt),
                        IrOp.Div => nameof(JitOps.DivInt), _ => nameof(JitOps.RemInt),
                    });
                    break;
            }
            Op(OpCodes.Stloc, Local(v));
            return;
        }
        LoadValue(x);
        LoadValue(y);
        LoadVm();
        Ldc(v);
        if (IrOpInfo.IsCompare(op))
        {
            Ops(op switch
            {
                IrOp.Lt => nameof(JitOps.Lt), IrOp.Le => nameof(JitOps.Le), IrOp.Gt => nameof(JitOps.Gt),
                IrOp.Ge => nameof(JitOps.Ge), IrOp.Eq => nameof(JitOps.Eq), _ => nameof(JitOps.Ne),
            });
            StoreBool(v);
            return;
        }
        switch (op)
        {
            case IrOp.Add: Ops(nameof(JitOps.Add)); break;
            case IrOp.Sub: Ops(nameof(JitOps.Sub)); break;
            case IrOp.Mul: Ops(nameof(JitOps.Mul)); break;
            case IrOp.Div: Ops(nameof(JitOps.Div)); break;
            default:
                Ldc((int)IrOpInfo.ToBinary(op));
                Ops(nameof(JitOps.Binary));
                break;
        }
        StoreValue(v);
    }

    /// <summary>Stores the bool on the IL stack into <paramref name="v"/> (a Value when it is not unboxed).</summary>
    private void StoreBool(int v)
    {
        if (_rep[v] != Rep.Bool) CallValue(nameof(Value.FromBool));
        if (_rep[v] == Rep.Int) throw new InvalidOperationException($"internal JIT error: comparison v{v} typed int");
        Op(OpCodes.Stloc, Local(v));
    }
}
