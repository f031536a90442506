namespace Ruchy.Semantics;

internal enum SymbolKind { Local, Global }
