namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// Uniformly random bytes for the noise samplers. Release uses <see cref="CryptoNoiseSource"/>; anything
/// else (a seeded generator) is for tests only, since predictable noise protects nothing.
/// </summary>
public interface INoiseSource
{
    /// <summary>Fills <paramref name="destination"/> with independent, uniformly random bytes.</summary>
    public void Fill(Span<byte> destination);
}
