namespace Ruchy.Text;

public enum Severity { Error, Warning }
