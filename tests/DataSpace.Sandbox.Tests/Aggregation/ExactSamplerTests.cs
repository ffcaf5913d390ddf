using System.Numerics;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

public sealed class ExactSamplerTests
{
    private const int Samples = 60_000;

    [Theory]
    [InlineData(3, 2)]   // scale 1.5
    [InlineData(1, 1)]   // scale 1
    [InlineData(7, 1)]   // scale 7
    public void DiscreteLaplace_EmpiricalDistribution_MatchesPmf(int t, int s)
    {
        var sampler = new ExactSampler(new SeededNoiseSource(t * 100 + s));
        var scale = (double)t / s;

        var histogram = Draw(() => sampler.DiscreteLaplace(t, s));

        // P[Z = z] = (e^(1/b) - 1) / (e^(1/b) + 1) * e^(-|z|/b), b = t/s (CKS20, Definition 2).
        var norm = (Math.Exp(1 / scale) - 1) / (Math.Exp(1 / scale) + 1);
        AssertMatches(histogram, z => norm * Math.Exp(-Math.Abs(z) / scale));
    }

    [Theory]
    [InlineData(4, 1)]    // sigma 2
    [InlineData(1, 4)]    // sigma 0.5
    [InlineData(50, 3)]   // sigma ~4.08
    public void DiscreteGaussian_EmpiricalDistribution_MatchesPmf(int num, int den)
    {
        var sampler = new ExactSampler(new SeededNoiseSource(num * 100 + den));
        var sigmaSquared = (double)num / den;

        var histogram = Draw(() => sampler.DiscreteGaussian(num, den));

        var norm = 0.0;
        for (var z = -200; z <= 200; z++)
        {
            norm += Math.Exp(-z * z / (2 * sigmaSquared));
        }

        AssertMatches(histogram, z => Math.Exp(-z * z / (2 * sigmaSquared)) / norm);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    public void BernoulliExp_EmpiricalRate_MatchesExpMinusGamma(int num, int den)
    {
        var sampler = new ExactSampler(new SeededNoiseSource(num + 17 * den));
        var expected = Math.Exp(-(double)num / den);

        var hits = 0;
        for (var i = 0; i < Samples; i++)
        {
            hits += sampler.BernoulliExp(num, den) ? 1 : 0;
        }

        // Five standard deviations of a binomial proportion.
        var tolerance = 5 * Math.Sqrt(expected * (1 - expected) / Samples) + 1e-9;
        Assert.InRange((double)hits / Samples, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void UniformBelow_BeyondSixtyFourBits_StaysInRangeAndCoversIt()
    {
        var sampler = new ExactSampler(new SeededNoiseSource(5));
        var n = (BigInteger.One << 70) + 12345;

        var high = 0;
        for (var i = 0; i < 2000; i++)
        {
            var x = sampler.UniformBelow(n);
            Assert.InRange(x, BigInteger.Zero, n - 1);
            high += x >= n / 2 ? 1 : 0;
        }

        Assert.InRange(high, 850, 1150);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(15, 3)]
    [InlineData(16, 4)]
    [InlineData(17, 4)]
    [InlineData(1_000_000_000_000, 1_000_000)]
    public void IntegerSquareRoot_IsFloorOfSquareRoot(long n, long expected)
    {
        Assert.Equal(new BigInteger(expected), ExactSampler.IntegerSquareRoot(n));
    }

    private static Dictionary<long, int> Draw(Func<BigInteger> sample)
    {
        var histogram = new Dictionary<long, int>();
        for (var i = 0; i < Samples; i++)
        {
            var z = (long)sample();
            histogram[z] = histogram.GetValueOrDefault(z) + 1;
        }

        return histogram;
    }

    /// <summary>
    /// Pearson chi-square over the bins expecting at least 10 samples (the rest pooled into one bin),
    /// against the 0.1% critical value (Wilson-Hilferty), and a total-variation distance below 0.015.
    /// </summary>
    private static void AssertMatches(Dictionary<long, int> histogram, Func<long, double> pmf)
    {
        var chiSquare = 0.0;
        var bins = 0;
        var pooledObserved = 0.0;
        var pooledExpected = 1.0;
        var totalVariation = 0.0;
        for (var z = -400L; z <= 400; z++)
        {
            var p = pmf(z);
            var observed = histogram.GetValueOrDefault(z);
            totalVariation += Math.Abs(((double)observed / Samples) - p);
            pooledExpected -= p;
            if (p * Samples >= 10)
            {
                var expected = p * Samples;
                chiSquare += (observed - expected) * (observed - expected) / expected;
                bins++;
            }
            else
            {
                pooledObserved += observed;
                pooledExpected += p;
            }
        }

        var outside = histogram.Where(kv => Math.Abs(kv.Key) > 400).Sum(kv => kv.Value);
        pooledObserved += outside;
        if (pooledExpected * Samples >= 1)
        {
            chiSquare += (pooledObserved - (pooledExpected * Samples)) * (pooledObserved - (pooledExpected * Samples)) / (pooledExpected * Samples);
            bins++;
        }

        var df = bins - 1.0;
        var critical = df * Math.Pow(1 - (2 / (9 * df)) + (3.09 * Math.Sqrt(2 / (9 * df))), 3);
        Assert.True(chiSquare < critical, $"chi-square {chiSquare:F1} over {bins} bins exceeds {critical:F1}");
        Assert.True(totalVariation / 2 < 0.015, $"total variation {totalVariation / 2:F4}");
    }
}
