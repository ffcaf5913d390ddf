using DataSpace.Sandbox.Abi;
using DataSpace.Sandbox.Hosting;
using Wasmtime;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Checks a submitted module against ABI v1 before it can run, without compiling it: size, format, the
/// <see cref="ModuleLimits"/> (a streaming parse, <see cref="ModuleParser"/>), well-formedness and types (Wasmtime's
/// validator, which compiles nothing), imports only from the host's module <c>dsc</c> with the ABI's exact types, and the
/// required exports. No WASI or other host interface is ever linked, so a module that imports one is refused here.
/// </summary>
internal static class ModuleValidator
{
    /// <summary>Checks <paramref name="wasm"/>; throws <see cref="ModuleRejectedException"/> naming what is wrong.</summary>
    public static ValidatedModule Validate(Engine engine, ReadOnlySpan<byte> wasm, SandboxOptions options)
    {
        if (wasm.IsEmpty)
        {
            throw new ModuleRejectedException("module is empty");
        }

        if (wasm.Length > options.MaxModuleBytes)
        {
            throw new ModuleRejectedException($"module is {wasm.Length:N0} bytes; the limit is {options.MaxModuleBytes:N0}");
        }

        if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8))
        {
            throw new ModuleRejectedException("module is not a WebAssembly binary (it does not start with \\0asm)");
        }

        if (wasm[4] != 1 || wasm[5] != 0 || wasm[6] != 0 || wasm[7] != 0)
        {
            throw new ModuleRejectedException("module is not a core WebAssembly module of version 1 (components are not accepted)");
        }

        // The limits first: they bound what Wasmtime's validator (linear, but allocating per function) is given.
        var shape = ModuleParser.Parse(wasm, options.ModuleLimits);
        if (Module.Validate(engine, wasm) is { } error)
        {
            throw new ModuleRejectedException($"module is not valid WebAssembly: {error}");
        }

        var initialMemory = CheckInterface(shape, options.DefaultLimits.MemoryBytes, options.DefaultLimits.TableElements);
        return new ValidatedModule(JobModule.DigestOf(wasm), wasm.Length, initialMemory);
    }

    /// <summary>Checks a parsed module's imports, exports, memory and tables; returns the initial memory in bytes.</summary>
    public static long CheckInterface(ModuleShape module, long maxMemoryBytes, uint maxTableElements)
    {
        foreach (var import in module.Imports)
        {
            var name = $"'{import.Module}'.'{import.Name}'";
            if (!string.Equals(import.Module, AbiV1.ImportModule, StringComparison.Ordinal))
            {
                throw new ModuleRejectedException(
                    $"import {name} is not allowed: jobs may import only the host's functions from module '{AbiV1.ImportModule}' " +
                    "(no WASI: no files, clock, randomness, environment or sockets)");
            }

            if (import.Kind != ExternalKind.Function)
            {
                throw new ModuleRejectedException($"import {name} is not a function; jobs may import only functions from '{AbiV1.ImportModule}'");
            }

            if (!AbiV1.Imports.TryGetValue(import.Name, out var signature))
            {
                throw new ModuleRejectedException($"import {name} is not a function of ABI v{AbiV1.Version}");
            }

            var actual = module.TypeAt(import.Index) ?? throw new ModuleRejectedException($"import {name} names type {import.Index}, which does not exist");
            if (!signature.Matches(actual.Parameters, actual.Results))
            {
                throw new ModuleRejectedException($"import {name} has type {actual}; ABI v{AbiV1.Version} defines {signature}");
            }
        }

        MemoryDeclaration? memory = null;
        var haveVersion = false;
        var haveRun = false;
        foreach (var export in module.Exports)
        {
            switch (export.Kind)
            {
                case ExternalKind.Memory when export.Name == AbiV1.MemoryExport:
                    memory = export.Index < module.Memories.Count ? module.Memories[(int)export.Index] : null;
                    break;
                case ExternalKind.Function when export.Name is AbiV1.VersionExport or AbiV1.RunExport:
                    var type = module.FunctionType(export.Index);
                    if (type is null || type.Parameters.Count != 0 || type.Results is not [Wasmtime.ValueKind.Int32])
                    {
                        throw new ModuleRejectedException(
                            $"export '{export.Name}' has type {type?.ToString() ?? "(none)"}; ABI v{AbiV1.Version} requires () -> (i32)");
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

        if (!haveVersion)
        {
            throw new ModuleRejectedException($"module does not export '{AbiV1.VersionExport}' () -> (i32)");
        }

        if (!haveRun)
        {
            throw new ModuleRejectedException($"module does not export '{AbiV1.RunExport}' () -> (i32)");
        }

        var initial = (long)memory.MinimumPages * Wasmtime.Memory.PageSize;
        if (initial > maxMemoryBytes)
        {
            throw new ModuleRejectedException(
                $"module asks for {initial:N0} bytes of initial memory; the limit is {maxMemoryBytes:N0}");
        }

        foreach (var elements in module.Tables)
        {
            if (elements > maxTableElements)
            {
                throw new ModuleRejectedException($"module asks for a table of {elements:N0} elements; the limit is {maxTableElements:N0}");
            }
        }

        return initial;
    }
}
