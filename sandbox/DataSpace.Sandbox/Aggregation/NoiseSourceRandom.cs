using System.Buffers.Binary;
using System.Numerics;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// A <see cref="Random"/> whose every draw comes from an <see cref="INoiseSource"/>, so that a library sampler taking a
/// <see cref="Random"/> (MathNet.Numerics, for <see cref="NoiseShares"/>) is driven by <see cref="CryptoNoiseSource"/> in
/// a release and by a seeded source in tests. Every public member is overridden: a derived <see cref="Random"/> would
/// otherwise answer some of them from the base class's own non-cryptographic generator.
/// </summary>
internal sealed class NoiseSourceRandom(INoiseSource source) : Random
{
    private readonly INoiseSource _source = source ?? throw new ArgumentNullException(nameof(source));
    private readonly byte[] _buffer = new byte[256];
    private int _position = 256;

    /// <summary>Uniform on [0, 1) with 53 random bits: the multiples of 2^-53 below 1, each equally likely.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    public override int Next() => (int)UniformBelow(int.MaxValue);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)UniformBelow((ulong)maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)UniformBelow((ulong)((long)maxValue - minValue)));
    }

    public override long NextInt64() => (long)UniformBelow(long.MaxValue);

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)UniformBelow((ulong)maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return unchecked(minValue + (long)UniformBelow((ulong)(maxValue - minValue)));
    }

    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _source.Fill(buffer);
    }

    public override void NextBytes(Span<byte> buffer) => _source.Fill(buffer);

    protected override double Sample() => NextDouble();

    /// <summary>Uniform on {0, ..., n-1} (0 when n ≤ 1), by rejection: no modulo bias.</summary>
    private ulong UniformBelow(ulong n)
    {
        if (n <= 1)
        {
            return 0;
        }

        var mask = ulong.MaxValue >> BitOperations.LeadingZeroCount(n - 1);
        while (true)
        {
            var candidate = NextUInt64() & mask;
            if (candidate < n)
            {
                return candidate;
            }
        }
    }

    private ulong NextUInt64()
    {
        if (_position > _buffer.Length - 8)
        {
            _source.Fill(_buffer);
            _position = 0;
        }

        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_position));
        _position += 8;
        return value;
    }
}
