using DataSpace.Sandbox.Abi;
using Wasmtime;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Checks a submitted module against ABI v1 before it can run: size, well-formedness, imports
/// only from the host's module <c>dsc</c> with the ABI's exact types, and the required exports.
/// No WASI or other host interface is ever linked, so a module that imports one is refused here.
/// </summary>
internal static class ModuleValidator
{
    /// <summary>Checks what can be checked on the bytes alone; throws <see cref="ModuleRejectedException"/>.</summary>
    public static void CheckBytes(Engine engine, ReadOnlySpan<byte> wasm, int maxBytes)
    {
        if (wasm.IsEmpty)
        {
            throw new ModuleRejectedException("module is empty");
        }

        if (wasm.Length > maxBytes)
        {
            throw new ModuleRejectedException($"module is {wasm.Length:N0} bytes; the limit is {maxBytes:N0}");
        }

        if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8))
        {
            throw new ModuleRejectedException("module is not a WebAssembly binary (it does not start with \\0asm)");
        }

        if (wasm[4] != 1 || wasm[5] != 0 || wasm[6] != 0 || wasm[7] != 0)
        {
            throw new ModuleRejectedException("module is not a core WebAssembly module of version 1 (components are not accepted)");
        }

        if (Module.Validate(engine, wasm) is { } error)
        {
            throw new ModuleRejectedException($"module is not valid WebAssembly: {error}");
        }
    }

    /// <summary>Checks a compiled module's imports and exports; returns the initial memory in bytes.</summary>
    public static long CheckInterface(Module module, long maxMemoryBytes)
    {
        foreach (var import in module.Imports)
        {
            var name = $"'{import.ModuleName}'.'{import.Name}'";
            if (!string.Equals(import.ModuleName, AbiV1.ImportModule, StringComparison.Ordinal))
            {
                throw new ModuleRejectedException(
                    $"import {name} is not allowed: jobs may import only the host's functions from module '{AbiV1.ImportModule}' " +
                    "(no WASI: no files, clock, randomness, environment or sockets)");
            }

            if (import is not FunctionImport function)
            {
                throw new ModuleRejectedException($"import {name} is not a function; jobs may import only functions from '{AbiV1.ImportModule}'");
            }

            if (!AbiV1.Imports.TryGetValue(import.Name, out var signature))
            {
                throw new ModuleRejectedException($"import {name} is not a function of ABI v{AbiV1.Version}");
            }

            if (!signature.Matches(function.Parameters, function.Results))
            {
                var actual = new FunctionSignature(function.Parameters, function.Results);
                throw new ModuleRejectedException($"import {name} has type {actual}; ABI v{AbiV1.Version} defines {signature}");
            }
        }

        MemoryExport? memory = null;
        var haveVersion = false;
        var haveRun = false;
        foreach (var export in module.Exports)
        {
            switch (export)
            {
                case MemoryExport m when export.Name == AbiV1.MemoryExport:
                    memory = m;
                    break;
                case FunctionExport f when export.Name is AbiV1.VersionExport or AbiV1.RunExport:
                    if (f.Parameters.Count != 0 || f.Results.Count != 1 || f.Results[0] != ValueKind.Int32)
                    {
                        throw new ModuleRejectedException(
                            $"export '{export.Name}' has type {new FunctionSignature(f.Parameters, f.Results)}; ABI v{AbiV1.Version} requires () -> (i32)");
                    }

                    haveVersion |= export.Name == AbiV1.VersionExport;
                    haveRun |= export.Name == AbiV1.RunExport;
                    break;
                default:
                    break;
            }
        }

        if (memory is null)
        {
            throw new ModuleRejectedException($"module does not export its linear memory as '{AbiV1.MemoryExport}'");
        }

        if (memory.Is64Bit)
        {
            throw new ModuleRejectedException("module's memory is 64-bit; ABI v1 uses 32-bit linear memory");
        }

        if (!haveVersion)
        {
            throw new ModuleRejectedException($"module does not export '{AbiV1.VersionExport}' () -> (i32)");
        }

        if (!haveRun)
        {
            throw new ModuleRejectedException($"module does not export '{AbiV1.RunExport}' () -> (i32)");
        }

        var initial = memory.Minimum * Wasmtime.Memory.PageSize;
        if (initial > maxMemoryBytes)
        {
            throw new ModuleRejectedException(
                $"module asks for {initial:N0} bytes of initial memory; the limit is {maxMemoryBytes:N0}");
        }

        return initial;
    }
}
