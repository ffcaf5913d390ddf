using System.Collections.Frozen;
using Wasmtime;

namespace DataSpace.Sandbox.Abi;

/// <summary>
/// The job ABI, version 1: what a module must export and the only functions it may import
/// (docs/sandbox-abi.md, samples/sdk/c/dsc.h).
/// </summary>
public static class AbiV1
{
    /// <summary>The version <c>dsc_abi_version</c> must return.</summary>
    public const int Version = 1;

    /// <summary>The only module name a job may import from.</summary>
    public const string ImportModule = "dsc";

    /// <summary>The exported linear memory.</summary>
    public const string MemoryExport = "memory";

    /// <summary>The exported function returning <see cref="Version"/>.</summary>
    public const string VersionExport = "dsc_abi_version";

    /// <summary>The exported entry point; returns 0 on success.</summary>
    public const string RunExport = "dsc_run";

    /// <summary>Longest group key, in UTF-8 bytes.</summary>
    public const int MaxGroupKeyBytes = 256;

    /// <summary>Longest error message kept, in UTF-8 bytes.</summary>
    public const int MaxErrorBytes = 1024;

    /// <summary>The host functions by import name, with their WebAssembly signatures.</summary>
    public static FrozenDictionary<string, FunctionSignature> Imports { get; } = new Dictionary<string, FunctionSignature>(StringComparer.Ordinal)
    {
        ["column_count"] = new([], [ValueKind.Int32]),
        ["column_type"] = new([ValueKind.Int32], [ValueKind.Int32]),
        ["column_name"] = new([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
        ["column_index"] = new([ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
        ["batch_capacity"] = new([], [ValueKind.Int32]),
        ["next_batch"] = new([], [ValueKind.Int32]),
        ["column_size"] = new([ValueKind.Int32], [ValueKind.Int32]),
        ["read_column"] = new([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
        ["read_validity"] = new([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
        ["measure"] = new([ValueKind.Int32, ValueKind.Int32, ValueKind.Float64, ValueKind.Float64], [ValueKind.Int32]),
        ["group"] = new([ValueKind.Int32, ValueKind.Int32], [ValueKind.Int32]),
        ["assign"] = new([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], []),
        ["contribute"] = new([ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32, ValueKind.Int32], []),
        ["train"] = new([ValueKind.Int32, ValueKind.Int32], []),
        ["output"] = new([ValueKind.Int32, ValueKind.Int32], []),
        ["error"] = new([ValueKind.Int32, ValueKind.Int32], []),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

/// <summary>A WebAssembly function type: parameter and result kinds.</summary>
public sealed record FunctionSignature(IReadOnlyList<ValueKind> Parameters, IReadOnlyList<ValueKind> Results)
{
    /// <summary>True when the kinds match exactly, in order.</summary>
    public bool Matches(IReadOnlyList<ValueKind> parameters, IReadOnlyList<ValueKind> results) =>
        parameters.SequenceEqual(Parameters) && results.SequenceEqual(Results);

    public override string ToString() =>
        $"({string.Join(", ", Parameters.Select(Name))}) -> ({string.Join(", ", Results.Select(Name))})";

    internal static string Name(ValueKind kind) => kind switch
    {
        ValueKind.Int32 => "i32",
        ValueKind.Int64 => "i64",
        ValueKind.Float32 => "f32",
        ValueKind.Float64 => "f64",
        ValueKind.V128 => "v128",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
