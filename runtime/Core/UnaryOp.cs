namespace Ruchy.Core;

/// <summary>A prefix operator. <c>Ref</c>, <c>RefMut</c> and <c>Deref</c> are dropped by the resolver (values are copied on write).</summary>
internal enum UnaryOp { Negate, Plus, Not, BitNot, Ref, RefMut, Deref }
