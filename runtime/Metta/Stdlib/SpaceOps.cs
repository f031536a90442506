using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;
using Ruchy.Metta.Matching;
using Ruchy.Metta.Spaces;

namespace Ruchy.Metta.Stdlib;

internal static partial class Natives
{
    private static void RegisterSpaces()
    {
        Def("match", "(-> SpaceType Atom Atom %Undefined%)", c =>
        {
            if (c.Arg(0) is not SpaceAtom sp) { c.NoReduce(); return; }
            var template = c.Arg(2);
            foreach (var b in c.M.Query(sp.Space, c.Arg(1)))
                c.Return(Bindings.Apply(b, template), Join(c.B, b));
        });
        Def("new-space", "(-> SpaceType)", c => c.ReturnRaw(new SpaceAtom(new MettaSpace("(GroundingSpace)"))), pure: false);
        Def("add-atom", "(-> SpaceType Atom (->))", c =>
        {
            if (c.Arg(0) is not SpaceAtom sp) { c.NoReduce(); return; }
            sp.Space.Add(c.Arg(1));
            c.Unit();
        }, pure: false);
        Def("add-reduct", "(-> SpaceType %Undefined% (->))", c =>
        {
            if (c.Arg(0) is not SpaceAtom sp) { c.NoReduce(); return; }
            sp.Space.Add(c.Arg(1));
            c.Unit();
        }, pure: false);
        Def("remove-atom", "(-> SpaceType Atom (->))", c =>
        {
            if (c.Arg(0) is not SpaceAtom sp) { c.NoReduce(); return; }
            sp.Space.Remove(c.Arg(1));
            c.Unit();
        }, pure: false);
        Def("get-atoms", "(-> SpaceType Atom)", c =>
        {
            if (c.Arg(0) is not SpaceAtom sp) { c.NoReduce(); return; }
            // Variables of stored atoms are local to them: hand out renamed copies so they cannot clash with the query's.
            foreach (var a in sp.Space.Atoms().ToList()) c.ReturnRaw(Renaming.Fresh(a));
        });
        Def("bind!", "(-> Symbol %Undefined% (->))", c =>
        {
            if (c.Arg(0) is not Sym name) { c.NoReduce(); return; }
            c.Runtime.BindToken(name.Name, c.Arg(1));
            c.Unit();
        }, pure: false);
        Def("import!", "(-> Atom Atom (->))", c =>
        {
            var module = c.Arg(1) switch { Sym s => s.Name, Str s => s.Value, _ => null };
            if (module == null) { c.Error("import! expects a module name"); return; }
            var space = c.Runtime.ImportModule(module);
            switch (c.Arg(0))
            {
                case SpaceAtom target:
                    if (!ReferenceEquals(target.Space, space) && !target.Space.Deps.Contains(space)) target.Space.Deps.Add(space);
                    break;
                case Sym token:
                    c.Runtime.BindToken(token.Name, new SpaceAtom(space));
                    break;
                default:
                    c.Error("import! expects a space or a token to bind");
                    return;
            }
            c.Unit();
        }, pure: false);
    }
}
