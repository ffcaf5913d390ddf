using System.Numerics;
using DataSpace.Sandbox.Aggregation;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace DataSpace.Sandbox.Tests.Aggregation;

/// <summary>
/// The sum of n shares of <see cref="NoiseShares"/> against its exact distribution, NB(n/m, p) - NB(n/m, p), by a
/// chi-square goodness-of-fit test at fixed seeds (so the verdict is the same on every run).
/// </summary>
public sealed class NoiseSharesTests
{
    private const int Draws = 20_000;
    private const double Alpha = 0.001;

    [Theory]
    [InlineData(3, 3, 2.0)]   // any m shares: exactly discrete Laplace(t)
    [InlineData(3, 3, 5.0)]
    [InlineData(3, 2, 5.0)]   // one participant may know its share: NB(1.5) - NB(1.5)
    [InlineData(4, 1, 2.0)]   // each share a full Laplace: NB(4) - NB(4)
    public void Sample_SumOfShares_FitsExactPmf(int participants, int shares, double scale)
    {
        var laplace = LaplaceOfScale(scale);
        var source = new SeededNoiseSource((participants * 1000) + (shares * 100) + (int)scale);

        var histogram = DrawSums(laplace, participants, shares, source);

        var pmf = DifferencePmf(participants / (double)shares, scale);
        var pValue = ChiSquarePValue(histogram, pmf);
        Assert.True(pValue > Alpha, $"chi-square p-value {pValue:E2} at or below {Alpha}");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(5.0)]
    public void Sample_AllSharesOfOneLaplace_FitsDiscreteLaplacePmf(double scale)
    {
        var laplace = LaplaceOfScale(scale);
        var source = new SeededNoiseSource(7 + (int)scale);

        var histogram = DrawSums(laplace, participants: 3, shares: 3, source);

        // CKS20, Definition 2: P[Z = z] = (e^(1/t) - 1) / (e^(1/t) + 1) · e^(-|z|/t).
        var norm = Math.Tanh(1 / (2 * scale));
        var pValue = ChiSquarePValue(histogram, z => norm * Math.Exp(-Math.Abs(z) / scale));
        Assert.True(pValue > Alpha, $"chi-square p-value {pValue:E2} at or below {Alpha}");
    }

    [Fact]
    public void GoodnessOfFit_SharesOfWrongSize_Rejects()
    {
        // Negative control: three participants each adding a full Laplace (shares: 1) instead of a third of one.
        var laplace = LaplaceOfScale(2.0);
        var source = new SeededNoiseSource(11);

        var histogram = DrawSums(laplace, participants: 3, shares: 1, source);

        var norm = Math.Tanh(1 / (2 * 2.0));
        var pValue = ChiSquarePValue(histogram, z => norm * Math.Exp(-Math.Abs(z) / 2.0));
        Assert.True(pValue < Alpha, $"chi-square p-value {pValue:E2}: the test did not tell NB(3) - NB(3) from discrete Laplace");
    }

    [Fact]
    public void DifferencePmf_OfOneGeometricPair_IsDiscreteLaplace()
    {
        // The reference pmf's own maths: NB(1, p) - NB(1, p) is discrete Laplace(t).
        const double Scale = 3.0;
        var pmf = DifferencePmf(1.0, Scale);
        var norm = Math.Tanh(1 / (2 * Scale));
        for (var z = -40; z <= 40; z++)
        {
            Assert.Equal(norm * Math.Exp(-Math.Abs(z) / Scale), pmf(z), 1e-12);
        }
    }

    [Theory]
    [InlineData(3, 2, 5e6, 20_000)]
    [InlineData(3, 2, NoiseShares.MaxScale, 2_000)]   // means beyond ChunkMean: Poisson drawn in parts
    public void Sample_LargeScale_MeanZeroAndVarianceOfNegativeBinomialDifference(int participants, int shares, double scale, int draws)
    {
        var laplace = LaplaceOfScale(scale);
        var source = new SeededNoiseSource(23);
        var sums = new double[draws];
        for (var i = 0; i < draws; i++)
        {
            for (var j = 0; j < participants; j++)
            {
                sums[i] += NoiseShares.Sample(laplace, shares, source);
            }
        }

        // Var[NB(r, p) - NB(r, p)] = 2 r (1 - p) / p^2 with r = n/m; (1 - p) / p^2 = e^(1/t) / expm1(1/t)^2.
        var e = SpecialFunctions.Expm1(1 / scale);
        var variance = 2.0 * participants / shares * (e + 1) / (e * e);
        var mean = sums.Average();
        var sampleVariance = sums.Sum(x => (x - mean) * (x - mean)) / (draws - 1);

        // Five standard errors. The excess kurtosis of NB(r) - NB(r) is 3/r, so Var[s²] ≈ variance² (2 + 3/r) / N.
        var r = participants / (double)shares;
        Assert.InRange(mean, -5 * Math.Sqrt(variance / draws), 5 * Math.Sqrt(variance / draws));
        var tolerance = 5 * Math.Sqrt((2 + (3 / r)) / draws);
        Assert.InRange(sampleVariance / variance, 1 - tolerance, 1 + tolerance);
    }

    [Fact]
    public void Sample_ManyShares_GammaMeansRoundingToZeroGiveZero()
    {
        // With 1000 shares the Gamma of shape 1/1000 is U^1000 · ..., which rounds to 0 for most U: Poisson(0) = 0.
        var laplace = LaplaceOfScale(2.0);
        var source = new SeededNoiseSource(5);

        var nonZero = 0;
        for (var i = 0; i < 2000; i++)
        {
            nonZero += NoiseShares.Sample(laplace, 1000, source) == 0 ? 0 : 1;
        }

        // P[share != 0] ≈ 2 · P[NB(1/1000, p) > 0] ≈ 2 · (1/1000) · -ln p, about 0.0025 at t = 2: some, not many.
        Assert.InRange(nonZero, 0, 30);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Sample_SharesBelowOne_Throws(int shares)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => NoiseShares.Sample(LaplaceOfScale(2.0), shares, new SeededNoiseSource(1)));
        Assert.Equal("shares", exception.ParamName);
    }

    [Fact]
    public void Sample_GaussianParameters_ThrowsNamingLaplaceShares()
    {
        var gaussian = NoiseParameters.For(NoiseMechanism.Gaussian, 1.0, 1e-6, 1, 1);

        var exception = Assert.Throws<ArgumentException>(() => NoiseShares.Sample(gaussian, 2, new SeededNoiseSource(1)));

        Assert.Equal("laplace", exception.ParamName);
        Assert.Contains("discrete Laplace shares", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.01, 1, 10_737_419)]          // 10737419 / 0.01: just beyond 2^30 = 1073741824
    [InlineData(0.001, 1_000_000, 1 << 20)]    // absurd: epsilon 0.001 over 10^6 queries of the sum sensitivity 2^20
    [InlineData(1.0, 1, 0)]                     // scale 0: no noise at all
    [InlineData(1.0, 1, -1)]                    // negative scale
    public void Sample_ScaleOutsideBounds_ThrowsNamingScale(double epsilon, int queries, long sensitivity)
    {
        var laplace = NoiseParameters.For(NoiseMechanism.Laplace, epsilon, 0, queries, sensitivity);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => NoiseShares.Sample(laplace, 2, new SeededNoiseSource(1)));

        Assert.Equal("laplace", exception.ParamName);
        Assert.Contains("scale", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_ScaleBeyondDoubles_Throws()
    {
        // A scale that converts to +Infinity is refused, not sampled.
        var huge = NoiseParameters.For(NoiseMechanism.Laplace, 0.001, 0, int.MaxValue, BigInteger.One << 1100);

        Assert.True(double.IsPositiveInfinity(huge.LaplaceScale!.Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseShares.Sample(huge, 2, new SeededNoiseSource(1)));
    }

    [Fact]
    public void Sample_LargestScale_IsSampled()
    {
        var laplace = LaplaceOfScale(NoiseShares.MaxScale);

        var share = NoiseShares.Sample(laplace, 2, new SeededNoiseSource(3));

        Assert.InRange(share, -200 * (long)NoiseShares.MaxScale, 200 * (long)NoiseShares.MaxScale);
    }

    /// <summary>Laplace parameters of scale <paramref name="scale"/> (to 1e-12 relative): one query, epsilon = sensitivity / scale.</summary>
    private static NoiseParameters LaplaceOfScale(double scale)
    {
        // NoiseParameters.For bounds epsilon to [0.001, 10]: large scales come from a large sensitivity, as sums' do.
        var sensitivity = scale > 100 ? new BigInteger(Math.Floor(scale / 100)) : BigInteger.One;
        var epsilon = (double)sensitivity / scale;
        var parameters = NoiseParameters.For(NoiseMechanism.Laplace, epsilon, 0, 1, sensitivity);
        Assert.Equal(scale, parameters.LaplaceScale!.Value, scale * 1e-12);
        return parameters;
    }

    private static Dictionary<long, int> DrawSums(NoiseParameters laplace, int participants, int shares, INoiseSource source)
    {
        var histogram = new Dictionary<long, int>();
        for (var i = 0; i < Draws; i++)
        {
            var sum = 0L;
            for (var j = 0; j < participants; j++)
            {
                sum += NoiseShares.Sample(laplace, shares, source);
            }

            histogram[sum] = histogram.GetValueOrDefault(sum) + 1;
        }

        return histogram;
    }

    /// <summary>
    /// The exact pmf of NB(r, p) - NB(r, p), p = 1 - exp(-1/t): sum over k of NB(k) NB(k + |z|), with
    /// NB(k) = Γ(k + r) / (Γ(r) k!) p^r (1 - p)^k in log-gamma, truncated where the terms are below 1e-300.
    /// </summary>
    private static Func<long, double> DifferencePmf(double r, double scale)
    {
        var logP = Math.Log(-SpecialFunctions.Expm1(-1 / scale));
        var logQ = -1 / scale;
        var nb = new List<double>();
        for (var k = 0; ; k++)
        {
            var log = SpecialFunctions.GammaLn(k + r) - SpecialFunctions.GammaLn(r) - SpecialFunctions.GammaLn(k + 1.0) + (r * logP) + (k * logQ);
            nb.Add(Math.Exp(log));
            if (k > r * scale * 10 && log < -700)
            {
                break;
            }
        }

        return z =>
        {
            var d = (int)Math.Min(Math.Abs(z), nb.Count);
            var total = 0.0;
            for (var k = 0; k + d < nb.Count; k++)
            {
                total += nb[k] * nb[k + d];
            }

            return total;
        };
    }

    /// <summary>
    /// Pearson chi-square p-value of the histogram against a symmetric, unimodal <paramref name="pmf"/>: one bin per
    /// z in [-Z, Z], Z the last z expecting at least 5 draws, and one pooled bin per tail beyond (merged into the ±Z bin
    /// when it expects fewer than 5).
    /// </summary>
    private static double ChiSquarePValue(Dictionary<long, int> histogram, Func<long, double> pmf)
    {
        var last = 0L;
        while (pmf(last + 1) * Draws >= 5)
        {
            last++;
        }

        var covered = 0.0;
        var bins = new List<(double Observed, double Expected)>();
        for (var z = -last; z <= last; z++)
        {
            covered += pmf(z);
            bins.Add((histogram.GetValueOrDefault(z), pmf(z) * Draws));
        }

        var tailExpected = Math.Max(1 - covered, 0) / 2 * Draws;
        var upper = histogram.Where(kv => kv.Key > last).Sum(kv => kv.Value);
        var lower = histogram.Where(kv => kv.Key < -last).Sum(kv => kv.Value);
        if (tailExpected >= 5)
        {
            bins.Add((upper, tailExpected));
            bins.Add((lower, tailExpected));
        }
        else
        {
            bins[^1] = (bins[^1].Observed + upper, bins[^1].Expected + tailExpected);
            bins[0] = (bins[0].Observed + lower, bins[0].Expected + tailExpected);
        }

        var chiSquare = bins.Sum(b => (b.Observed - b.Expected) * (b.Observed - b.Expected) / b.Expected);
        return 1 - ChiSquared.CDF(bins.Count - 1, chiSquare);
    }
}
