namespace Ruchy.Values;

public enum TypeShape { Struct, TupleStruct, UnitStruct, Enum }
