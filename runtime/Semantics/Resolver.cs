using System.Globalization;
using Ruchy.Builtins;
using Ruchy.Core;
using Ruchy.Syntax.Ast;
using Ruchy.Text;
using Ruchy.Values;

namespace Ruchy.Semantics;

/// <summary>
/// Turns the parse tree into the resolved tree (<see cref="BoundProgram"/>): lexical scoping with
/// frame slots, closures that capture (by reference, through cells) only the variables they use,
/// hoisted top-level items (functions, types, impls), struct fields and enum variants bound to
/// their types, built-ins bound to ids. Problems are reported to the diagnostic bag; unknown names
/// become <see cref="BoundUndefined"/> nodes that fail only if they run (and are warnings for <c>check</c>).
/// </summary>
internal sealed partial class Resolver
{
    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;

    // What the program declares at the top level; an interactive session keeps it across cells.
    private readonly GlobalEnvironment _environment;
    private readonly Dictionary<string, VariableSymbol> _globals;
    private readonly List<string> _globalNames;
    private readonly Dictionary<string, RType> _types;
    private readonly Dictionary<string, TraitDecl> _traits;
    private readonly List<(int, BoundFunction)> _functions;
    private readonly Dictionary<RType, List<BoundFunction>> _methods;
    private readonly List<RType> _typeOrder;
    /// <summary>Unit enum variants imported by name (<c>use Color::*</c> is implied): name → (type, variant).</summary>
    private readonly Dictionary<string, (RType Type, int Variant)> _bareVariants;
    private readonly Dictionary<RType, StructDecl> _structDecls;
    /// <summary>Types declared by this resolution (a session may redefine a type an earlier cell declared, not one of its own).</summary>
    private readonly HashSet<string> _typesDeclaredHere = new();

    private FunctionScope _scope = null!;
    private RType? _selfType;
    private int _nextLoopId;

    private Resolver(SourceText source, DiagnosticBag diagnostics, GlobalEnvironment environment)
    {
        _source = source;
        _diagnostics = diagnostics;
        _environment = environment;
        _globals = environment.Globals;
        _globalNames = environment.GlobalNames;
        _types = environment.Types;
        _traits = environment.Traits;
        _functions = environment.Functions;
        _methods = environment.Methods;
        _typeOrder = environment.TypeOrder;
        _bareVariants = environment.BareVariants;
        _structDecls = environment.StructDecls;
    }

    public static BoundProgram Resolve(ProgramAst program, SourceText source, DiagnosticBag diagnostics) =>
        new Resolver(source, diagnostics, new GlobalEnvironment(interactive: false)).ResolveProgram(program);

    /// <summary>
    /// Resolves one cell of an interactive session against (and into) <paramref name="environment"/>:
    /// it sees what earlier cells declared, may redefine it, and keeps its global slots.
    /// </summary>
    public static BoundProgram ResolveCell(ProgramAst program, SourceText source, DiagnosticBag diagnostics, GlobalEnvironment environment)
    {
        if (!environment.Interactive) throw new ArgumentException("the environment is not an interactive one", nameof(environment));
        var snapshot = environment.Snapshot();
        var bound = new Resolver(source, diagnostics, environment).ResolveProgram(program);
        // A cell that does not compile leaves the session as it was.
        if (diagnostics.HasErrors) environment.Restore(snapshot);
        return bound;
    }

    private BoundProgram ResolveProgram(ProgramAst program)
    {
        var items = new List<Stmt>();
        FlattenItems(program.Statements, items);

        // 1. Types first, so that signatures and bodies can refer to any of them.
        foreach (var s in items)
        {
            if (s is StructDecl sd) DeclareStruct(sd);
            else if (s is EnumDecl ed) DeclareEnum(ed);
            else if (s is TraitDecl td) _traits[td.Name] = td;
        }

        // 2. Globals: top-level functions, lets, consts, and Type::method for every impl method.
        var script = new BoundFunction("<script>", 0);
        _scope = new FunctionScope(script, null);
        foreach (var s in program.Statements)
        {
            if (s is FunDecl fd) DeclareGlobal(fd.Name, fd.Pos);
            else if (s is LetStmt ls)
            {
                DeclarePatternGlobals(ls.Pattern);
                if (_environment.Interactive) ForgetEarlierDefinitions(ls.Pattern);
                if (ls.IsConst && ls.Pattern is BindingPattern bp)
                {
                    _globals[bp.Name].IsConst = true;
                    if (ls.Init is LiteralExpr lit) _globals[bp.Name].ConstValue = lit.Literal.ToValue();
                }
            }
        }
        var topLevel = new HashSet<Stmt>(program.Statements, ReferenceEqualityComparer.Instance);
        foreach (var s in items)
        {
            if (s is FunDecl fd && !topLevel.Contains(s)) DeclareGlobal(fd.Name, fd.Pos);
            if (s is StructDecl sd)
                foreach (var m in sd.Methods) DeclareGlobal(sd.Name + "::" + m.Name, m.Pos);
            if (s is ImplDecl id)
            {
                foreach (var m in id.Methods) DeclareGlobal(id.TypeName + "::" + m.Name, m.Pos);
                if (id.TraitName != null && _traits.TryGetValue(id.TraitName, out var trait))
                    foreach (var m in trait.DefaultMethods)
                        if (m.Body.Statements.Count > 0 && !id.Methods.Any(x => x.Name == m.Name))
                            DeclareGlobal(id.TypeName + "::" + m.Name, m.Pos);
            }
        }

        // 3. Bodies.
        foreach (var s in items)
        {
            switch (s)
            {
                case FunDecl fd:
                {
                    var f = ResolveFunction(fd, fd.Name, null);
                    AddFunction(_globals[fd.Name].Index, f);
                    break;
                }
                case StructDecl sd when _types.TryGetValue(sd.Name, out var st):
                    foreach (var m in sd.Methods) AddMethod(st, m);
                    break;
                case ImplDecl id:
                    ResolveImpl(id);
                    break;
            }
        }

        var statements = new List<BoundExpr>();
        foreach (var s in program.Statements)
        {
            if (s is FunDecl or StructDecl or EnumDecl or ImplDecl or TraitDecl) continue;
            var b = ResolveStatement(s);
            if (b != null) statements.Add(b);
        }
        script.Body = new BoundBlock(0, statements.ToArray());
        FinishFunction(_scope);

        var types = new List<(RType, BoundFunction[])>();
        foreach (var t in _typeOrder) types.Add((t, _methods.TryGetValue(t, out var ms) ? ms.ToArray() : Array.Empty<BoundFunction>()));

        return new BoundProgram
        {
            Script = script,
            GlobalNames = _globalNames.ToArray(),
            Functions = _functions.ToArray(),
            Types = types.ToArray(),
            // A session defines main like any function; only a program runs it by itself.
            MainGlobal = !_environment.Interactive && _globals.TryGetValue("main", out var main) && _functions.Exists(f => f.Item1 == main.Index) ? main.Index : -1,
        };
    }

    /// <summary>Items inside <c>mod</c> blocks (parsed as blocks at the top level) are hoisted like top-level items.</summary>
    private static void FlattenItems(IReadOnlyList<Stmt> statements, List<Stmt> into)
    {
        foreach (var s in statements)
        {
            if (s is ExprStmt { Expr: BlockExpr b } && b.Statements.All(x => x is FunDecl or StructDecl or EnumDecl or ImplDecl or TraitDecl or LetStmt or ExprStmt { Expr: BlockExpr }))
            {
                FlattenItems(b.Statements, into);
                continue;
            }
            if (s is FunDecl or StructDecl or EnumDecl or ImplDecl or TraitDecl) into.Add(s);
        }
    }

    // ---------------------------------------------------------------- diagnostics

    private void Error(int pos, string message) => _diagnostics.Error(pos, message);
    private void Warning(int pos, string message) => _diagnostics.Warning(pos, message);

    // ---------------------------------------------------------------- types

    private void DeclareStruct(StructDecl sd)
    {
        if (!MayDeclareType(sd.Name, sd.Pos)) return;
        var shape = sd.Shape switch { StructShape.Tuple => TypeShape.TupleStruct, StructShape.Unit => TypeShape.UnitStruct, _ => TypeShape.Struct };
        var type = new RType(sd.Name, shape, sd.Fields.Select(f => f.Name).ToArray());
        _types[sd.Name] = type;
        _typeOrder.Add(type);
        _structDecls[type] = sd;
    }

    /// <summary>
    /// A type name may be declared once per program; a session cell may also redefine a type of an
    /// earlier cell (values made before keep the old type, as in a Rust REPL).
    /// </summary>
    private bool MayDeclareType(string name, int pos)
    {
        if (_typesDeclaredHere.Contains(name) || (_types.ContainsKey(name) && !_environment.Interactive) || name is "Option" or "Result")
        {
            Error(pos, $"type '{name}' is defined more than once");
            return false;
        }
        _typesDeclaredHere.Add(name);
        if (_types.TryGetValue(name, out var old))
        {
            _typeOrder.Remove(old);
            _methods.Remove(old);
            _structDecls.Remove(old);
            var stale = new List<string>();
            foreach (var (variant, (type, _)) in _bareVariants)
                if (type == old) stale.Add(variant);
            foreach (var variant in stale) _bareVariants.Remove(variant);
        }
        return true;
    }

    /// <summary>Hoisted functions by global slot; in a session a later definition replaces an earlier cell's.</summary>
    private void AddFunction(int global, BoundFunction function)
    {
        if (_environment.Interactive) _functions.RemoveAll(f => f.Item1 == global);
        _functions.Add((global, function));
    }

    /// <summary>A session's <c>let x</c> makes x a plain variable again, even if an earlier cell made it a function or a const.</summary>
    private void ForgetEarlierDefinitions(Pattern p)
    {
        switch (p)
        {
            case BindingPattern b:
                if (_globals.TryGetValue(b.Name, out var sym))
                {
                    sym.IsConst = false;
                    sym.ConstValue = default;
                    _functions.RemoveAll(f => f.Item1 == sym.Index);
                }
                if (b.Subpattern != null) ForgetEarlierDefinitions(b.Subpattern);
                break;
            case TuplePattern t:
                foreach (var x in t.Items) ForgetEarlierDefinitions(x);
                break;
            case ArrayPattern a:
                foreach (var x in a.Items) ForgetEarlierDefinitions(x);
                break;
            case StructPattern st:
                foreach (var f in st.Fields) ForgetEarlierDefinitions(f.Pattern);
                break;
            case VariantPattern { Items: { } items }:
                foreach (var x in items) ForgetEarlierDefinitions(x);
                break;
        }
    }

    private void DeclareEnum(EnumDecl ed)
    {
        if (!MayDeclareType(ed.Name, ed.Pos)) return;
        var variants = new VariantInfo[ed.Variants.Count];
        long next = 0;
        for (int i = 0; i < variants.Length; i++)
        {
            var v = ed.Variants[i];
            long disc = next;
            if (v.Discriminant is LiteralExpr { Literal.Kind: LiteralKind.Int } lit) disc = lit.Literal.AsInt;
            else if (v.Discriminant != null) Error(v.Discriminant.Pos, "enum discriminant must be an integer literal");
            next = disc + 1;
            variants[i] = new VariantInfo(v.Name, i, v.Shape, v.FieldNames.ToArray(), disc);
        }
        var type = new RType(ed.Name, TypeShape.Enum, Array.Empty<string>(), variants);
        _types[ed.Name] = type;
        _typeOrder.Add(type);
        foreach (var v in variants)
            if (v.Shape == StructShape.Unit && !_bareVariants.ContainsKey(v.Name)) _bareVariants[v.Name] = (type, v.Index);
    }

    private void ResolveImpl(ImplDecl id)
    {
        if (!_types.TryGetValue(id.TypeName, out var type))
        {
            Error(id.Pos, $"impl for unknown type '{id.TypeName}'");
            return;
        }
        foreach (var m in id.Methods) AddMethod(type, m);
        if (id.TraitName != null && _traits.TryGetValue(id.TraitName, out var trait))
        {
            foreach (var m in trait.DefaultMethods)
                if (m.Body.Statements.Count > 0 && !id.Methods.Any(x => x.Name == m.Name))
                    AddMethod(type, m);
        }
    }

    private void AddMethod(RType type, FunDecl m)
    {
        var saved = _selfType;
        _selfType = type;
        var f = ResolveFunction(m, type.Name + "::" + m.Name, type);
        _selfType = saved;
        if (!_methods.TryGetValue(type, out var list)) _methods[type] = list = new List<BoundFunction>();
        list.RemoveAll(x => x.Name == f.Name);
        list.Add(f);
        AddFunction(_globals[type.Name + "::" + m.Name].Index, f);
    }

    private bool TryGetType(string name, out RType type)
    {
        if (name == "Self" && _selfType != null)
        {
            type = _selfType;
            return true;
        }
        return _types.TryGetValue(name, out type!);
    }

    // ---------------------------------------------------------------- globals and scopes

    private VariableSymbol DeclareGlobal(string name, int pos)
    {
        if (_globals.TryGetValue(name, out var existing)) return existing;
        var sym = new VariableSymbol(name, SymbolKind.Global, _globalNames.Count, null);
        _globals[name] = sym;
        _globalNames.Add(name);
        return sym;
    }

    private void DeclarePatternGlobals(Pattern p)
    {
        switch (p)
        {
            case BindingPattern b:
                DeclareGlobal(b.Name, b.Pos);
                if (b.Subpattern != null) DeclarePatternGlobals(b.Subpattern);
                break;
            case TuplePattern t:
                foreach (var x in t.Items) DeclarePatternGlobals(x);
                break;
            case ArrayPattern a:
                foreach (var x in a.Items) DeclarePatternGlobals(x);
                break;
            case RestPattern { Name: { } n }:
                DeclareGlobal(n, p.Pos);
                break;
            case StructPattern s:
                foreach (var f in s.Fields) DeclarePatternGlobals(f.Pattern);
                break;
            case VariantPattern { Items: { } items }:
                foreach (var x in items) DeclarePatternGlobals(x);
                break;
        }
    }

    private bool AtScriptTopLevel => _scope.Parent == null && _scope.Blocks.Count == 1;

    /// <summary>Declares a variable in the innermost block of the current function (or the global at script top level).</summary>
    private BoundVariable DeclareVariable(string name, int pos)
    {
        if (AtScriptTopLevel)
        {
            var g = DeclareGlobal(name, pos);
            return new BoundVariable(pos, g, BoundKind.Global, g.Index);
        }
        int slot = _scope.NextSlot++;
        if (_scope.NextSlot > _scope.MaxSlots) _scope.MaxSlots = _scope.NextSlot;
        var sym = new VariableSymbol(name, SymbolKind.Local, slot, _scope);
        _scope.Blocks[^1][name] = sym;
        var v = new BoundVariable(pos, sym, BoundKind.Local, slot);
        _scope.LocalReferences.Add(v);
        return v;
    }

    private void PushBlock() => _scope.Blocks.Add(new Dictionary<string, VariableSymbol>());

    private void PopBlock(int savedSlot)
    {
        _scope.Blocks.RemoveAt(_scope.Blocks.Count - 1);
        // Slots of a finished block are reused; a captured variable lives on in its cell.
        _scope.NextSlot = savedSlot;
    }

    /// <summary>Resolves a name to a variable reference: locals, then enclosing functions (captured), then globals.</summary>
    private BoundExpr? LookupVariable(string name, int pos)
    {
        var sym = FindLocal(_scope, name);
        if (sym != null) return LocalReference(sym, pos);
        for (var outer = _scope.Parent; outer != null; outer = outer.Parent)
        {
            var s = FindLocal(outer, name);
            if (s != null)
            {
                s.Captured = true;
                int index = CaptureIndex(_scope, s);
                return new BoundVariable(pos, s, BoundKind.Upvalue, index);
            }
        }
        if (_globals.TryGetValue(name, out var g)) return new BoundVariable(pos, g, BoundKind.Global, g.Index);
        return null;
    }

    private BoundVariable LocalReference(VariableSymbol sym, int pos)
    {
        var v = new BoundVariable(pos, sym, BoundKind.Local, sym.Index);
        _scope.LocalReferences.Add(v);
        return v;
    }

    private static VariableSymbol? FindLocal(FunctionScope scope, string name)
    {
        for (int i = scope.Blocks.Count - 1; i >= 0; i--)
            if (scope.Blocks[i].TryGetValue(name, out var s)) return s;
        return null;
    }

    /// <summary>Index of <paramref name="sym"/> in the capture list of <paramref name="scope"/>, threading it through every function in between.</summary>
    private static int CaptureIndex(FunctionScope scope, VariableSymbol sym)
    {
        if (scope.CaptureIndex.TryGetValue(sym, out int existing)) return existing;
        CaptureSource source;
        if (sym.Owner == scope.Parent) source = new CaptureSource(true, sym.Index);
        else source = new CaptureSource(false, CaptureIndex(scope.Parent!, sym));
        int index = scope.Captures.Count;
        scope.Captures.Add(source);
        scope.CaptureIndex[sym] = index;
        return index;
    }

    /// <summary>Fixes the frame layout: captured locals become cells everywhere they are referenced.</summary>
    private static void FinishFunction(FunctionScope scope)
    {
        foreach (var v in scope.LocalReferences)
            if (v.Symbol.Captured) v.Kind = BoundKind.Cell;
        var f = scope.Function;
        f.FrameSize = Math.Max(scope.MaxSlots, f.ParamCount);
        f.Captures = scope.Captures.ToArray();
    }

    // ---------------------------------------------------------------- functions

    private BoundFunction ResolveFunction(FunDecl fd, string name, RType? owner)
    {
        var f = new BoundFunction(name, fd.Pos) { SelfKind = fd.Self, Owner = owner };
        return ResolveFunctionBody(f, fd.Self != SelfKind.None, fd.Params, fd.Body);
    }

    private BoundFunction ResolveFunctionBody(BoundFunction f, bool hasSelf, IReadOnlyList<Param> parameters, Expr body)
    {
        var outer = _scope;
        var outerLoops = _nextLoopId;
        _scope = new FunctionScope(f, outer);
        try
        {
            var names = new List<string>();
            var paramVars = new List<BoundVariable>();
            if (hasSelf)
            {
                paramVars.Add(DeclareVariable("self", f.Pos));
                names.Add("self");
            }
            var patterns = new List<(int, BoundPattern)>();
            var defaults = new List<BoundExpr?>();
            if (hasSelf) defaults.Add(null);
            int required = hasSelf ? 1 : 0;
            bool seenDefault = false;
            // Parameters are slots 0..n-1, in order; patterned parameters are destructured after.
            var pending = new List<(int Slot, Pattern Pattern)>();
            foreach (var p in parameters)
            {
                if (p.Pattern is BindingPattern { Subpattern: null } bp)
                {
                    if (names.Contains(bp.Name)) Error(p.Pos, $"parameter '{bp.Name}' is declared twice");
                    var pv = DeclareVariable(bp.Name, p.Pos);
                    pv.Symbol.IsMutRef = p.IsMutRef;
                    paramVars.Add(pv);
                    names.Add(bp.Name);
                }
                else
                {
                    var hidden = DeclareVariable("$param" + names.Count.ToString(CultureInfo.InvariantCulture), p.Pos);
                    paramVars.Add(hidden);
                    names.Add("_");
                    pending.Add((hidden.Index, p.Pattern));
                }
                if (p.Default != null)
                {
                    seenDefault = true;
                    defaults.Add(ResolveExpr(p.Default));
                }
                else
                {
                    if (seenDefault) Error(p.Pos, "a parameter without a default cannot follow one with a default");
                    defaults.Add(null);
                    required++;
                }
            }
            foreach (var (slot, pattern) in pending) patterns.Add((slot, ResolvePattern(pattern, declare: true)));
            f.ParamCount = names.Count;
            f.RequiredParams = required;
            f.ParamNames = names.ToArray();
            f.Defaults = defaults.ToArray();
            f.HasDefaults = defaults.Exists(d => d != null);
            f.ParamPatterns = patterns.ToArray();
            f.Body = body is BlockExpr block ? Unwrap(ResolveBlock(block, newScope: false)) : ResolveExpr(body);
            FinishFunction(_scope);
            var cellParams = new List<int>();
            foreach (var v in paramVars)
                if (v.Symbol.Captured && v.Symbol.Kind == SymbolKind.Local) cellParams.Add(v.Index);
            f.CellParams = cellParams.ToArray();
            return f;
        }
        finally
        {
            _scope = outer;
            _nextLoopId = Math.Max(_nextLoopId, outerLoops);
        }
    }

    // ---------------------------------------------------------------- statements and blocks

    private BoundExpr? ResolveStatement(Stmt s)
    {
        switch (s)
        {
            case ExprStmt es:
            {
                var e = ResolveExpr(es.Expr);
                if (e is BoundMethodCall mc) mc.IsStatement = true;
                return e;
            }
            case LetStmt ls:
                return ResolveLet(ls);
            case StructDecl sd:
                if (!_types.ContainsKey(sd.Name)) DeclareStruct(sd);
                if (_types.TryGetValue(sd.Name, out var st))
                    foreach (var m in sd.Methods)
                    {
                        DeclareGlobal(sd.Name + "::" + m.Name, m.Pos);
                        AddMethod(st, m);
                    }
                return null;
            case EnumDecl ed:
                if (!_types.ContainsKey(ed.Name)) DeclareEnum(ed);
                return null;
            case ImplDecl id:
                foreach (var m in id.Methods) DeclareGlobal(id.TypeName + "::" + m.Name, m.Pos);
                ResolveImpl(id);
                return null;
            case TraitDecl td:
                _traits[td.Name] = td;
                return null;
            default:
                Error(s.Pos, "unsupported statement");
                return null;
        }
    }

    private BoundExpr ResolveLet(LetStmt ls)
    {
        // The initializer is resolved before the new names exist: `let x = x + 1` reads the outer x.
        var init = ls.Init != null ? ResolveExpr(ls.Init) : null;
        var elseBlock = ls.Else != null ? ResolveExpr(ls.Else) : null;
        var pattern = ResolvePattern(ls.Pattern, declare: true);
        if (ls.IsConst && pattern is BoundBindPattern { Target: var constant }) constant.Symbol.IsConst = true;
        if (ls.Else == null && !IsIrrefutable(pattern) && init != null)
            Error(ls.Pattern.Pos, "refutable pattern in 'let' needs an 'else' block");
        return new BoundLet(ls.Pos, pattern, init, elseBlock);
    }

    private static bool IsIrrefutable(BoundPattern p) => p switch
    {
        BoundWildcardPattern => true,
        BoundBindPattern b => b.Subpattern == null || IsIrrefutable(b.Subpattern),
        BoundSequencePattern { Kind: PatternKind.Tuple } t => t.Items.All(IsIrrefutable),
        BoundSequencePattern { Kind: PatternKind.Array } => true, // length checked at run time
        BoundStructPattern s => s.Fields.All(IsIrrefutable),
        _ => false,
    };

    private BoundBlock ResolveBlock(BlockExpr block, bool newScope = true)
    {
        int savedSlot = _scope.NextSlot;
        if (newScope) PushBlock();
        try
        {
            var list = new List<BoundExpr>(block.Statements.Count + 2);
            // Nested functions are visible throughout their block (mutual recursion): each name gets
            // a fresh variable at block entry; the closure is made where the declaration stands, so
            // it can capture the locals declared before it.
            var functions = new Dictionary<FunDecl, BoundVariable>(ReferenceEqualityComparer.Instance);
            foreach (var s in block.Statements)
            {
                if (s is not FunDecl fd) continue;
                var v = DeclareVariable(fd.Name, fd.Pos);
                functions[fd] = v;
                list.Add(new BoundLet(fd.Pos, new BoundBindPattern(fd.Pos, v, null), null, null));
            }
            foreach (var s in block.Statements)
            {
                if (s is FunDecl fd)
                {
                    var v = functions[fd];
                    var target = v.Symbol.Kind == SymbolKind.Global
                        ? new BoundVariable(fd.Pos, v.Symbol, BoundKind.Global, v.Index)
                        : LocalReference(v.Symbol, fd.Pos);
                    list.Add(new BoundAssign(fd.Pos, target, new BoundLambda(fd.Pos, ResolveFunction(fd, fd.Name, null))));
                    continue;
                }
                var b = ResolveStatement(s);
                if (b != null) list.Add(b);
            }
            return new BoundBlock(block.Pos, list.ToArray());
        }
        finally
        {
            if (newScope) PopBlock(savedSlot);
        }
    }

    /// <summary>A block of one non-<c>let</c> statement has that statement's value: tiers can skip the block node.</summary>
    private BoundExpr ResolveBlockExpr(BlockExpr block)
    {
        return Unwrap(ResolveBlock(block));
    }

    private static BoundExpr Unwrap(BoundBlock b) => b.Statements.Length == 1 && b.Statements[0] is not BoundLet ? b.Statements[0] : b;
}
