namespace Ruchy.Core;

/// <summary>How a method takes its receiver: no <c>self</c>, <c>self</c> (by value), <c>&amp;self</c> or <c>&amp;mut self</c>.</summary>
public enum SelfKind { None, Value, Ref, RefMut }
