using System.Diagnostics.CodeAnalysis;

namespace DataSpace.Crypto.Signatures;

/// <summary>The three signature suites a deployment may choose from, by value or by name.</summary>
public static class SignatureSuites
{
    /// <summary>Pure Ed25519 (RFC 8032 section 5.1) with SHA-256 as the deployment digest.</summary>
    public static ISignatureSuite Ed25519 { get; } = Ed25519Suite.Instance;

    /// <summary>SM2 signatures with SM3 (GB/T 32918.2-2016) and SM3 as the deployment digest.</summary>
    public static ISignatureSuite Sm2 { get; } = Sm2Suite.Instance;

    /// <summary>ECDSA over P-256 with SHA-256 (FIPS 186-5) and SHA-256 as the deployment digest.</summary>
    public static ISignatureSuite P256 { get; } = P256Suite.Instance;

    public static IReadOnlyList<ISignatureSuite> All { get; } = [Ed25519, Sm2, P256];

    /// <summary>Finds a suite by its exact name; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public static ISignatureSuite Get(string name) =>
        TryGet(name, out var suite)
            ? suite
            : throw new ArgumentException(
                $"unknown signature suite '{name}': expected one of {string.Join(", ", All.Select(s => s.Name))}",
                nameof(name));

    public static bool TryGet(string? name, [NotNullWhen(true)] out ISignatureSuite? suite)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                suite = candidate;
                return true;
            }
        }

        suite = null;
        return false;
    }
}
