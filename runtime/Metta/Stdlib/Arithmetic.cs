using Ruchy.Metta.Atoms;
using Ruchy.Metta.Evaluation;

namespace Ruchy.Metta.Stdlib;

internal static partial class Natives
{
    private static readonly Sym s_divByZero = SymbolTable.Intern("DivisionByZero");

    private static void RegisterArithmetic()
    {
        const string num2 = "(-> Number Number Number)";
        const string cmp = "(-> Number Number Bool)";
        Def("+", num2, c => Arith(c, static (a, b) => checked(a + b), static (a, b) => a + b));
        Def("-", num2, c => Arith(c, static (a, b) => checked(a - b), static (a, b) => a - b));
        Def("*", num2, c => Arith(c, static (a, b) => checked(a * b), static (a, b) => a * b));
        Def("/", num2, c =>
        {
            if (c.Arg(0) is not Num x || c.Arg(1) is not Num y) { c.NoReduce(); return; }
            if (x.IsInt && y.IsInt)
            {
                if (y.I == 0) { c.ReturnRaw(Known.MakeError(c.Call, s_divByZero)); return; }
                c.ReturnRaw(Num.Of(x.I / y.I));
            }
            else c.ReturnRaw(Num.Of(x.AsDouble / y.AsDouble));
        });
        Def("%", num2, c =>
        {
            if (c.Arg(0) is not Num x || c.Arg(1) is not Num y) { c.NoReduce(); return; }
            if (x.IsInt && y.IsInt)
            {
                if (y.I == 0) { c.ReturnRaw(Known.MakeError(c.Call, s_divByZero)); return; }
                c.ReturnRaw(Num.Of(x.I % y.I));
            }
            else c.ReturnRaw(Num.Of(x.AsDouble % y.AsDouble));
        });
        Def("<", cmp, c => Compare(c, static r => r < 0));
        Def(">", cmp, c => Compare(c, static r => r > 0));
        Def("<=", cmp, c => Compare(c, static r => r <= 0));
        Def(">=", cmp, c => Compare(c, static r => r >= 0));
        Def("==", "(-> $t $t Bool)", c => c.ReturnRaw(BoolAtom.Of(c.Arg(0).Equals(c.Arg(1)))));
        Def("and", "(-> Bool Bool Bool)", c => Logic(c, static (a, b) => a && b));
        Def("or", "(-> Bool Bool Bool)", c => Logic(c, static (a, b) => a || b));
        Def("xor", "(-> Bool Bool Bool)", c => Logic(c, static (a, b) => a ^ b));
        Def("not", "(-> Bool Bool)", c =>
        {
            if (c.Arg(0) is BoolAtom b) c.ReturnRaw(BoolAtom.Of(!b.Value)); else c.NoReduce();
        });
        Math1("sqrt-math", Math.Sqrt);
        Math1("abs-math", Math.Abs);
        Math1("log-math", Math.Log);
        Math1("exp-math", Math.Exp);
        Math1("sin-math", Math.Sin);
        Math1("cos-math", Math.Cos);
        Math1("tan-math", Math.Tan);
        Math1("floor-math", Math.Floor);
        Math1("ceil-math", Math.Ceiling);
        Math1("round-math", Math.Round);
        Math1("trunc-math", Math.Truncate);
        Def("pow-math", num2, c =>
        {
            if (c.Arg(0) is not Num x || c.Arg(1) is not Num y) { c.NoReduce(); return; }
            c.ReturnRaw(Num.Of(Math.Pow(x.AsDouble, y.AsDouble)));
        });
    }

    private static void Math1(string name, Func<double, double> f) =>
        Def(name, "(-> Number Number)", c =>
        {
            if (c.Arg(0) is Num x) c.ReturnRaw(Num.Of(f(x.AsDouble))); else c.NoReduce();
        });

    private static void Arith(NativeCall c, Func<long, long, long> ints, Func<double, double, double> floats)
    {
        if (c.ArgCount != 2 || c.Arg(0) is not Num x || c.Arg(1) is not Num y) { c.NoReduce(); return; }
        if (x.IsInt && y.IsInt)
        {
            try { c.ReturnRaw(Num.Of(ints(x.I, y.I))); }
            catch (OverflowException) { c.ReturnRaw(Num.Of(floats(x.I, y.I))); }
        }
        else c.ReturnRaw(Num.Of(floats(x.AsDouble, y.AsDouble)));
    }

    private static void Compare(NativeCall c, Func<int, bool> test)
    {
        if (c.ArgCount != 2 || c.Arg(0) is not Num x || c.Arg(1) is not Num y) { c.NoReduce(); return; }
        int r = x.IsInt && y.IsInt ? x.I.CompareTo(y.I) : x.AsDouble.CompareTo(y.AsDouble);
        c.ReturnRaw(BoolAtom.Of(test(r)));
    }

    private static void Logic(NativeCall c, Func<bool, bool, bool> f)
    {
        if (c.Arg(0) is BoolAtom a && c.Arg(1) is BoolAtom b) c.ReturnRaw(BoolAtom.Of(f(a.Value, b.Value)));
        else c.NoReduce();
    }
}
