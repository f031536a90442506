// ruchy-interactive [stdio] [--default-kernel ruchy|metta] [--kernel-host AUTHORITY]: serves the Ruchy and
// MeTTa kernels to a .NET Interactive host over stdin/stdout (see StdioKernelServer).
return await RuchyLab.Interactive.StdioKernelServer.RunAsync(args);
