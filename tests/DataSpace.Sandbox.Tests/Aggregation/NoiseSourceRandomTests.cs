using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

#pragma warning disable CA5394 // The Random under test draws from an INoiseSource, not from Random's own generator.
public sealed class NoiseSourceRandomTests
{
    [Fact]
    public void Members_AllDrawFromTheSource()
    {
        // A source of zero bytes: every draw is the smallest value. Random's own generator would give others.
        var random = new NoiseSourceRandom(new ConstantSource(0x00));

        Assert.Equal(0.0, random.NextDouble());
        Assert.Equal(0.0f, random.NextSingle());
        Assert.Equal(0, random.Next());
        Assert.Equal(0, random.Next(1000));
        Assert.Equal(-5, random.Next(-5, 5));
        Assert.Equal(0L, random.NextInt64());
        Assert.Equal(0L, random.NextInt64(1000));
        Assert.Equal(long.MinValue, random.NextInt64(long.MinValue, long.MaxValue));
        var bytes = new byte[16];
        random.NextBytes(bytes);
        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void NextDouble_AllOnes_IsLargestDoubleBelowOne()
    {
        var random = new NoiseSourceRandom(new ConstantSource(0xFF));

        Assert.Equal(1.0 - Math.Pow(2, -53), random.NextDouble());
        Assert.Equal(1.0f - MathF.Pow(2, -24), random.NextSingle());
    }

    [Fact]
    public void NextDouble_SameSeed_SameSequence()
    {
        var first = new NoiseSourceRandom(new SeededNoiseSource(9));
        var second = new NoiseSourceRandom(new SeededNoiseSource(9));

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(first.NextDouble(), second.NextDouble());
        }
    }

    private sealed class ConstantSource(byte value) : INoiseSource
    {
        public void Fill(Span<byte> destination) => destination.Fill(value);
    }
}
#pragma warning restore CA5394
