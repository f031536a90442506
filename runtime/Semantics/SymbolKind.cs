namespace Ruchy.Semantics;

public enum SymbolKind { Local, Global }
