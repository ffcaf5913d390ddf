using System.Reflection;
using Wasmtime;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// The one engine configuration of the sandbox, shared by the host and the compiler worker: a module compiled (and
/// serialized) by the worker loads only into an engine of the same settings, which the fingerprint names.
/// </summary>
internal static class SandboxEngine
{
    public static Config Configure(bool consumeFuel, int maxStackBytes) => new Config()
        .WithEpochInterruption(true)
        .WithFuelConsumption(consumeFuel)
        .WithMaximumStackSize(maxStackBytes)
        .WithWasmThreads(false)
        .WithRelaxedSIMD(false, false)
        .WithCraneliftNaNCanonicalization(true)
        .WithMemory64(false)
        .WithMultiMemory(false)
        .WithOptimizationLevel(OptimizationLevel.Speed);

    /// <summary>The Wasmtime version and every setting above: compiled modules are valid only for the same fingerprint.</summary>
    public static string Fingerprint(bool consumeFuel, int maxStackBytes) => string.Join(';',
        $"wasmtime={typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? typeof(Engine).Assembly.GetName().Version?.ToString()}",
        $"fuel={consumeFuel}",
        "epoch=True",
        $"stack={maxStackBytes}",
        "threads=False;relaxed-simd=False;nan-canonical=True;memory64=False;multi-memory=False;opt=speed");
}
