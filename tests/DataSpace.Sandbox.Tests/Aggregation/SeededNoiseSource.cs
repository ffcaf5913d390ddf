using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

/// <summary>A reproducible noise source so that statistical tests give the same verdict on every run.</summary>
internal sealed class SeededNoiseSource(int seed) : INoiseSource
{
#pragma warning disable CA5394 // Deterministic on purpose: tests only.
    private readonly Random _random = new(seed);

    public void Fill(Span<byte> destination) => _random.NextBytes(destination);
#pragma warning restore CA5394
}
