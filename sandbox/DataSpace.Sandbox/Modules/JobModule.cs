using System.Security.Cryptography;
using Wasmtime;

namespace DataSpace.Sandbox.Modules;

/// <summary>A validated, compiled job module, known by the digest of its bytes.</summary>
public sealed class JobModule
{
    internal JobModule(string digest, int sizeBytes, Module module, long initialMemoryBytes)
    {
        Digest = digest;
        SizeBytes = sizeBytes;
        Compiled = module;
        InitialMemoryBytes = initialMemoryBytes;
    }

    /// <summary><c>sha256:</c> and the lowercase hex SHA-256 of the module's bytes: what a supplier approves.</summary>
    public string Digest { get; }

    /// <summary>Size of the WebAssembly binary.</summary>
    public int SizeBytes { get; }

    /// <summary>Linear memory the module asks for at start.</summary>
    public long InitialMemoryBytes { get; }

    internal Module Compiled { get; }

    /// <summary>The digest of WebAssembly bytes, in the form policies and approvals use.</summary>
    public static string DigestOf(ReadOnlySpan<byte> wasm) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(wasm));
}
