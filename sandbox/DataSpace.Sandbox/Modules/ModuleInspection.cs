namespace DataSpace.Sandbox.Modules;

/// <summary>
/// What a supplier reads about a submitted module before approving it (docs/module-review.md): the host functions it
/// imports, each as <c>module.name</c>, read by the same streaming parser and limits the submission passed.
/// </summary>
public static class ModuleInspection
{
    /// <summary>The module's imports in order, as <c>module.name</c> (e.g. <c>dsc.output</c>).</summary>
    /// <exception cref="ModuleRejectedException">The bytes are not a module the submission limits accept.</exception>
    public static IReadOnlyList<string> Imports(ReadOnlySpan<byte> wasm, ModuleLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (wasm.Length < 8 || !wasm[..4].SequenceEqual("\0asm"u8))
        {
            throw new ModuleRejectedException("module is not a WebAssembly binary (it does not start with \\0asm)");
        }

        return [.. ModuleParser.Parse(wasm, limits).Imports.Select(import => $"{import.Module}.{import.Name}")];
    }
}
