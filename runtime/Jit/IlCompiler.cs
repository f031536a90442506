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
/// The baseline compiler: an optimized <see cref="IrFunction"/> to one DynamicMethod. Every SSA value is an IL
/// local; values the type inference proved to be ints or bools live unboxed (long, bool), the rest as
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

    private const int ArgSelf = 0, ArgVm = 1, ArgFunction = 2, ArgFp = 3, ArgCallPos = 4;

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

    /// <summary>Why <paramref name="f"/> cannot be compiled (an unsupported instruction), or null when it can.</summary>
    public static string? Unsupported(IrFunction f)
    {
        if (f.Children.Count > 0) return "it creates closures";
        if (f.PinnedSlots.Length > 0) return "it has pinned slots";
        foreach (var b in f.ReversePostorder())
            foreach (var v in f.Blocks[b].Instrs)
                if (!Supported(f[v].Op)) return $"no baseline code for {IrOpInfo.Name(f[v].Op)}";
        return null;
    }

    private static bool Supported(IrOp op) => op is IrOp.Param or IrOp.Const or IrOp.Copy or IrOp.Share or IrOp.GetGlobal or IrOp.SetGlobal
        or (>= IrOp.Add and <= IrOp.Plus)
        or IrOp.CallGlobal or IrOp.Call or IrOp.CallNative or IrOp.NewArray or IrOp.ArrayRepeat or IrOp.Index or IrOp.SetIndex
        or IrOp.Unique or IrOp.GetField or IrOp.Format or IrOp.ForPrep
        or IrOp.Jump or IrOp.Branch or IrOp.ForLoop or IrOp.Return or IrOp.BranchCallee;

    // ------------------------------------------------------------------ compilation

    public static JitCode Compile(IrFunction f, RegisterProto proto, bool listing = false)
    {
        var reason = Unsupported(f);
        if (reason != null) throw new NotSupportedException($"{f.Name}: {reason}");
        int maxWindow = 1;
        for (int v = 0; v < f.InstrCount; v++)
            if (!f[v].IsRemoved && WindowOperands(f[v].Op)) maxWindow = Math.Max(maxWindow, f[v].OperandCount);
        int argBase = proto.FrameSize + 1;
        var positions = new int[f.InstrCount];
        var inlineAt = new int[f.InstrCount];
        for (int v = 0; v < f.InstrCount; v++)
        {
            positions[v] = f[v].Pos;
            inlineAt[v] = f[v].Inline;
        }
        var code = new JitCode(proto, f.Constants.ToArray(), f.Side.ToArray(), positions, inlineAt, f.InlineFrames.ToArray(), argBase);
        var method = new DynamicMethod("ruchy:" + f.Name, typeof(Value),
            [typeof(JitCode), typeof(RegisterVm), typeof(RFunction), typeof(int), typeof(int)], typeof(IlCompiler).Module, skipVisibility: true);
        var compiler = new IlCompiler(f, proto, method.GetILGenerator(), listing, argBase);
        compiler.Emit(frameShift: argBase + maxWindow + 1);
        code.Entry = (JitEntry)method.CreateDelegate(typeof(JitEntry), code);
        code.Listing = compiler._listing?.ToString();
        return code;
    }

    /// <summary>Instructions whose operands go to the VM stack (calls, built-ins, array and format literals).</summary>
    private static bool WindowOperands(IrOp op) => op is IrOp.CallGlobal or IrOp.Call or IrOp.CallNative or IrOp.NewArray or IrOp.Format;

    private void Emit(int frameShift)
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
        foreach (var b in _rpo) _blockLabel[b] = _il.DefineLabel();

        // Prologue: push the frame (its top above the outgoing-argument area), read the parameters.
        Op(OpCodes.Ldarg, ArgVm);
        Op(OpCodes.Ldarg, ArgFunction);
        Op(OpCodes.Ldarg, ArgFp);
        Ldc(frameShift);
        Op(OpCodes.Add);
        Ldc(_proto.ParamCount);
        Op(OpCodes.Ldarg, ArgCallPos);
        Call(typeof(RegisterVm), nameof(RegisterVm.EnterCompiled));
        var entryParams = _f.Entry.Params;
        if (entryParams.Count > 0)
        {
            Op(OpCodes.Ldarg, ArgVm);
            Call(typeof(RegisterVm), "get_" + nameof(RegisterVm.Stack));
            Op(OpCodes.Stloc, _stackTemp);
            for (int i = 0; i < entryParams.Count; i++)
            {
                int p = entryParams[i];
                if (_rep[p] != Rep.Value) throw new InvalidOperationException($"internal JIT error: parameter v{p} is not a Value");
                Op(OpCodes.Ldloc, _stackTemp);
                Op(OpCodes.Ldarg, ArgFp);
                Ldc(i);
                Op(OpCodes.Add);
                _il.Emit(OpCodes.Ldelem, typeof(Value));
                _listing?.Append("  ldelem Value\n");
                Op(OpCodes.Stloc, _local[p]!);
            }
        }
        foreach (var b in _rpo)
        {
            _il.MarkLabel(_blockLabel[b]);
            _listing?.Append('b').Append(b).Append(":\n");
            foreach (var v in _f.Blocks[b].Instrs) EmitInstr(v);
        }
    }

    private void Declare(int v)
    {
        var t = _f[v].Type;
        Rep rep = _f[v].Op == IrOp.ForPrep ? Rep.Counters : t.Is(IrKinds.Int) ? Rep.Int : t.Is(IrKinds.Bool) ? Rep.Bool : Rep.Value;
        _rep[v] = rep;
        _local[v] = _il.DeclareLocal(rep switch { Rep.Int or Rep.Counters => typeof(long), Rep.Bool => typeof(bool), _ => typeof(Value) });
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

    private void Call(Type type, string name)
    {
        var m = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"internal JIT error: no method {type.Name}.{name}");
        _il.Emit(m.IsStatic ? OpCodes.Call : OpCodes.Callvirt, m);
        _listing?.Append("  call ").Append(type.Name).Append('.').Append(name).Append('\n');
    }

    private void CallValue(string name)
    {
        var m = typeof(Value).GetMethod(name, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"internal JIT error: no method Value.{name}");
        _il.Emit(OpCodes.Call, m);
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
        Op(OpCodes.Ldloc, Local(v));
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
                        Op(OpCodes.Ldarg, ArgSelf);
                        _il.Emit(OpCodes.Ldfld, typeof(JitCode).GetField(nameof(JitCode.Constants))!);
                        _listing?.Append("  ldfld JitCode.Constants\n");
                        Ldc(ins.Aux);
                        _il.Emit(OpCodes.Ldelem, typeof(Value));
                        _listing?.Append("  ldelem Value\n");
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
                StoreValue(v);
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
            case IrOp.Return:
                LoadVm();
                Call(typeof(RegisterVm), nameof(RegisterVm.LeaveCompiled));
                LoadValue(ops[0]);
                Op(OpCodes.Ret);
                return;
            default:
                throw new NotSupportedException($"internal JIT error: no baseline code for {IrOpInfo.Name(ins.Op)}");
        }
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
        if (ints && op is IrOp.Add or IrOp.Sub or IrOp.Mul or IrOp.BitAnd or IrOp.BitOr or IrOp.BitXor && _rep[v] == Rep.Int)
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
                    Ops(op == IrOp.Add ? nameof(JitOps.AddInt) : op == IrOp.Sub ? nameof(JitOps.SubInt) : nameof(JitOps.MulInt));
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
