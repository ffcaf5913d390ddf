using System.Security.Cryptography;
using Wasmtime;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A validated row function: a WebAssembly module that exports exactly one function, <c>derive</c>, taking one f64 per
/// input and returning one f64, and that has no imports, memory, tables, globals, element or data segments and no
/// start function. Such a function cannot hold state between calls: its result is a function of its arguments, so a
/// plan may run it on each row without breaking the rule that a row contributes only its own values.
/// </summary>
public sealed class RowFunction
{
    /// <summary>Largest module accepted.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Most inputs of one function.</summary>
    public const int MaxInputs = 8;

    /// <summary>Fuel one call may burn; a row whose call runs out is dropped, like a row whose call traps.</summary>
    public const ulong FuelPerRow = 20_000;

    private const string Export = "derive";

    // Sections a pure function needs: custom (0), type (1), function (3), export (7), code (10).
    private static readonly byte[] AllowedSections = [0, 1, 3, 7, 10];

    /// <summary>
    /// What a row function may declare, far below a job module's limits: a pure arithmetic function of a few inputs is
    /// small, and it is compiled in the host process when its plan is submitted, so its compile cost must be tiny. Exports
    /// are only bounded here: that there is exactly one, <c>derive</c>, is checked after, with the rule named.
    /// </summary>
    private static readonly Modules.ModuleLimits Limits = new()
    {
        MaxTypes = 16,
        MaxImports = 1,
        MaxExports = 16,
        MaxFunctions = 16,
        MaxFunctionBodyBytes = MaxBytes,
        MaxLocals = 1_000,
        MaxNestingDepth = 64,
        MaxLocalsTimesLoops = 10_000,
    };

    private static readonly Lazy<Engine> SharedEngine = new(() => new Engine(new Config()
        .WithFuelConsumption(true)
        .WithWasmThreads(false)
        .WithRelaxedSIMD(false, false)
        .WithCraneliftNaNCanonicalization(true)
        .WithMemory64(false)
        .WithMultiMemory(false)
        .WithOptimizationLevel(OptimizationLevel.Speed)));

    private RowFunction(byte[] wasm, int inputs, Module module)
    {
        Wasm = wasm;
        Inputs = inputs;
        Compiled = module;
        Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(wasm));
    }

    public ReadOnlyMemory<byte> Wasm { get; }

    public int Inputs { get; }

    public string Digest { get; }

    internal Module Compiled { get; }

    internal static Engine Engine => SharedEngine.Value;

    /// <summary>Validates and compiles a row function of <paramref name="inputs"/> inputs.</summary>
    /// <exception cref="PlanException">The module is not a pure row function; <paramref name="path"/> names where.</exception>
    public static RowFunction Load(byte[] wasm, int inputs, string path)
    {
        ArgumentNullException.ThrowIfNull(wasm);
        if (wasm.Length is 0 or > MaxBytes)
        {
            throw new PlanException(path, $"a row function is 1 to {MaxBytes} bytes of WebAssembly, not {wasm.Length}");
        }

        if (wasm.Length < 8 || !wasm.AsSpan(0, 8).SequenceEqual("\0asm\u0001\0\0\0"u8))
        {
            throw new PlanException(path, "not a WebAssembly module of version 1");
        }

        CheckSections(wasm, path);
        try
        {
            Modules.ModuleParser.Parse(wasm, Limits);
        }
        catch (Modules.ModuleRejectedException e)
        {
            throw new PlanException(path, e.Message);
        }

        if (Module.Validate(Engine, wasm) is { } error)
        {
            throw new PlanException(path, $"not valid WebAssembly: {error}");
        }

        var module = Module.FromBytes(Engine, "row-function", wasm);
        var exports = module.Exports.ToList();
        if (exports is not [FunctionExport { Name: Export } function]
            || function.Parameters.Count != inputs || function.Parameters.Any(p => p != ValueKind.Float64)
            || function.Results is not [ValueKind.Float64])
        {
            module.Dispose();
            throw new PlanException(path, $"a row function exports exactly one function, '{Export}', of type ({string.Join(", ", Enumerable.Repeat("f64", inputs))}) -> (f64)");
        }

        return new RowFunction(wasm, inputs, module);
    }

    /// <summary>Refuses every section through which a function could keep state or reach the host.</summary>
    private static void CheckSections(byte[] wasm, string path)
    {
        var position = 8;
        while (position < wasm.Length)
        {
            var id = wasm[position++];
            var size = ReadLeb(wasm, ref position, path);
            if (size > (ulong)(wasm.Length - position))
            {
                throw new PlanException(path, "a section runs past the end of the module");
            }

            if (Array.IndexOf(AllowedSections, id) < 0)
            {
                throw new PlanException(path, id switch
                {
                    2 => "a row function imports nothing",
                    4 => "a row function has no tables",
                    5 => "a row function has no memory: it could keep one row's values for the next",
                    6 => "a row function has no globals: it could keep one row's values for the next",
                    8 => "a row function has no start function",
                    9 or 11 or 12 => "a row function has no element or data segments",
                    _ => $"section {id} is not allowed in a row function",
                });
            }

            position += (int)size;
        }
    }

    private static ulong ReadLeb(byte[] wasm, ref int position, string path)
    {
        ulong value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (position >= wasm.Length)
            {
                break;
            }

            var b = wasm[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new PlanException(path, "a section size is malformed");
    }
}
