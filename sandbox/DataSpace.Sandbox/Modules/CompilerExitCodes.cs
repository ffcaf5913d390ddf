namespace DataSpace.Sandbox.Modules;

/// <summary>How the compiler worker (<c>DataSpace.Sandbox.Compiler</c>) ends; anything else is a signal or a crash.</summary>
internal static class CompilerExitCodes
{
    /// <summary>Compiled; the serialized module is in the output file.</summary>
    public const int Compiled = 0;

    /// <summary>Wasmtime refused the module; its message is on standard error.</summary>
    public const int Refused = 2;

    /// <summary>The worker could not bound itself (not Linux, or <c>setrlimit</c> failed); it compiled nothing.</summary>
    public const int Unbounded = 3;

    /// <summary>The compiled module is larger than allowed.</summary>
    public const int TooLarge = 4;

    /// <summary>The worker ran out of the memory it was given.</summary>
    public const int OutOfMemory = 5;

    /// <summary>The worker was started with wrong arguments.</summary>
    public const int Usage = 64;

    /// <summary>Linux's SIGXCPU: the soft CPU limit was reached (a process killed by a signal exits with 128 + the signal).</summary>
    public const int CpuSignal = 128 + 24;

    /// <summary>SIGKILL: the hard CPU limit, or the host's deadline.</summary>
    public const int KillSignal = 128 + 9;

    /// <summary>SIGABRT: Wasmtime aborts when an allocation fails.</summary>
    public const int AbortSignal = 128 + 6;

    /// <summary>SIGSEGV: a stack or heap that could not grow within the limit.</summary>
    public const int SegvSignal = 128 + 11;
}
