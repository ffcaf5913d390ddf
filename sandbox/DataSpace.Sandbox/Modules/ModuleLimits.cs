namespace DataSpace.Sandbox.Modules;

/// <summary>
/// What a submitted module may declare, checked by a streaming parse of its bytes before anything compiles it
/// (<see cref="ModuleParser"/>; docs/sandbox-abi.md, "Validation limits"). Each limit bounds what the compiler would
/// spend on the module: compiled code and its memory grow with functions, locals and the loops they live across,
/// so a module over a limit is refused at submission, in milliseconds, with the limit named.
/// </summary>
public sealed record ModuleLimits
{
    /// <summary>Most function types in the type section.</summary>
    public int MaxTypes { get; init; } = 10_000;

    /// <summary>Most parameters plus results of one function type.</summary>
    public int MaxTypeArity { get; init; } = 1_000;

    /// <summary>Most imports (ABI v1 has 16 functions to import).</summary>
    public int MaxImports { get; init; } = 100;

    /// <summary>Most exports.</summary>
    public int MaxExports { get; init; } = 1_000;

    /// <summary>
    /// Most functions the module defines (imports not counted). Each compiles to about 300 bytes of native code even
    /// when empty: 1,000,000 empty functions took 7.5 GB to compile.
    /// </summary>
    public int MaxFunctions { get; init; } = 20_000;

    /// <summary>Most globals the module defines.</summary>
    public int MaxGlobals { get; init; } = 10_000;

    /// <summary>Most tables the module defines.</summary>
    public int MaxTables { get; init; } = 1;

    /// <summary>Largest body of one function, in bytes (locals and instructions).</summary>
    public int MaxFunctionBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Most locals one function declares (parameters not counted); Wasmtime's own ceiling is 50,000.</summary>
    public int MaxLocals { get; init; } = 50_000;

    /// <summary>Deepest nesting of <c>block</c>, <c>loop</c> and <c>if</c> in one function.</summary>
    public int MaxNestingDepth { get; init; } = 1_024;

    /// <summary>
    /// Most (parameters + locals) × loops in one function. The compiler gives every loop header a value for each local
    /// used inside it, so this product bounds its work on locals kept live across loops: 50,000 locals in 1,000 nested
    /// loops fit in 32 KB of module and kept two cores busy for minutes.
    /// </summary>
    public long MaxLocalsTimesLoops { get; init; } = 1_000_000;

    /// <summary>Most data segments.</summary>
    public int MaxDataSegments { get; init; } = 1_000;

    /// <summary>Most bytes in all data segments together.</summary>
    public int MaxDataBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Most element segments.</summary>
    public int MaxElementSegments { get; init; } = 1_000;

    /// <summary>Most items in all element segments together.</summary>
    public int MaxElements { get; init; } = 100_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first limit out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, long value, long max)
        {
            if (!ok)
            {
                throw new ArgumentException($"ModuleLimits:{name} must be between 1 and {max}, not {value}");
            }
        }

        Require(MaxTypes is > 0 and <= 1_000_000, nameof(MaxTypes), MaxTypes, 1_000_000);
        Require(MaxTypeArity is > 0 and <= 1_000, nameof(MaxTypeArity), MaxTypeArity, 1_000);
        Require(MaxImports is > 0 and <= 100_000, nameof(MaxImports), MaxImports, 100_000);
        Require(MaxExports is > 0 and <= 100_000, nameof(MaxExports), MaxExports, 100_000);
        Require(MaxFunctions is > 0 and <= 1_000_000, nameof(MaxFunctions), MaxFunctions, 1_000_000);
        Require(MaxGlobals is > 0 and <= 1_000_000, nameof(MaxGlobals), MaxGlobals, 1_000_000);
        Require(MaxTables is > 0 and <= 100, nameof(MaxTables), MaxTables, 100);
        Require(MaxFunctionBodyBytes is > 0 and <= 256 * 1024 * 1024, nameof(MaxFunctionBodyBytes), MaxFunctionBodyBytes, 256 * 1024 * 1024);
        Require(MaxLocals is > 0 and <= 50_000, nameof(MaxLocals), MaxLocals, 50_000);
        Require(MaxNestingDepth is > 0 and <= 1_000_000, nameof(MaxNestingDepth), MaxNestingDepth, 1_000_000);
        Require(MaxLocalsTimesLoops is > 0 and <= 1_000_000_000_000, nameof(MaxLocalsTimesLoops), MaxLocalsTimesLoops, 1_000_000_000_000);
        Require(MaxDataSegments is > 0 and <= 100_000, nameof(MaxDataSegments), MaxDataSegments, 100_000);
        Require(MaxDataBytes is > 0 and <= 256 * 1024 * 1024, nameof(MaxDataBytes), MaxDataBytes, 256 * 1024 * 1024);
        Require(MaxElementSegments is > 0 and <= 100_000, nameof(MaxElementSegments), MaxElementSegments, 100_000);
        Require(MaxElements is > 0 and <= 10_000_000, nameof(MaxElements), MaxElements, 10_000_000);
    }
}
