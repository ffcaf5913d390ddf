using DataSpace.Sandbox.Abi;

namespace DataSpace.Sandbox.Modules;

/// <summary>What <see cref="ModuleParser"/> keeps of a module: enough to check its interface against the ABI.</summary>
internal sealed class ModuleShape
{
    public List<FunctionSignature> Types { get; } = [];

    public List<ModuleImport> Imports { get; } = [];

    /// <summary>The type index of each function the module defines, in order (after the imported ones).</summary>
    public int[] FunctionTypes { get; set; } = [];

    public int ImportedFunctions { get; set; }

    public List<MemoryDeclaration> Memories { get; } = [];

    /// <summary>The initial size of each table the module defines, in elements.</summary>
    public List<uint> Tables { get; } = [];

    public List<ModuleExport> Exports { get; } = [];

    /// <summary>The type of function <paramref name="index"/> in the function index space (imports first); null if there is none.</summary>
    public FunctionSignature? FunctionType(uint index)
    {
        if (index < ImportedFunctions)
        {
            var seen = 0;
            foreach (var import in Imports)
            {
                if (import.Kind == ExternalKind.Function && seen++ == index)
                {
                    return TypeAt(import.Index);
                }
            }

            return null;
        }

        var defined = index - (uint)ImportedFunctions;
        return defined < FunctionTypes.Length ? TypeAt((uint)FunctionTypes[defined]) : null;
    }

    public FunctionSignature? TypeAt(uint index) => index < Types.Count ? Types[(int)index] : null;
}

/// <summary>The kinds of imports and exports (§5.5.5).</summary>
internal enum ExternalKind : byte
{
    Function = 0,
    Table = 1,
    Memory = 2,
    Global = 3,
    Tag = 4,
}

/// <summary>An import: module and field name, kind, and for a function its type index.</summary>
internal sealed record ModuleImport(string Module, string Name, ExternalKind Kind, uint Index);

/// <summary>An export: name, kind and index in that kind's index space.</summary>
internal sealed record ModuleExport(string Name, ExternalKind Kind, uint Index);

/// <summary>A memory the module defines or imports: its initial size in 64 KiB pages, and whether it is 64-bit or shared.</summary>
internal sealed record MemoryDeclaration(ulong MinimumPages, bool Is64Bit, bool IsShared);
