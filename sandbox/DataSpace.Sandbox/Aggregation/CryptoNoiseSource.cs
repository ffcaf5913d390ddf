using System.Security.Cryptography;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>The default noise source: the operating system's CSPRNG through <see cref="RandomNumberGenerator"/>.</summary>
public sealed class CryptoNoiseSource : INoiseSource
{
    /// <summary>One shared instance; <see cref="RandomNumberGenerator.Fill"/> is thread-safe.</summary>
    public static CryptoNoiseSource Instance { get; } = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
