using Ruchy.Kernel.Cli;

// The `ruchy` executable: parses the command line and hands off to a command. Nothing else.
return CommandLine.Run(args);
