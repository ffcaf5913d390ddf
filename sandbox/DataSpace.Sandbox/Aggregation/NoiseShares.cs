using System.Globalization;
using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// Shares of discrete Laplace noise for a federated release (docs/federation.md): each of n participants adds one share
/// to its partial before secure aggregation, so that only the sum, already noisy, is ever seen. This is the "Pólya"
/// construction of distributed noise (Goryczka and Xiong, "A Comprehensive Comparison of Multiparty Secure Additions
/// with Differential Privacy", IEEE TDSC 2017, online 2015, for its continuous form; Balle, Bell, Gascón and Nissim,
/// "Private Summation in the Multi-Message Shuffle Model", CCS 2020, for the discrete one).
/// </summary>
/// <remarks>
/// <para>
/// The maths. Discrete Laplace of scale t, P[Z = z] = (1 - a) / (1 + a) · a^|z| with a = exp(-1/t), is G1 - G2 for
/// G1, G2 independent geometric (failures before the first success, success probability p = 1 - a). A geometric is
/// NB(1, p), the negative binomial P[X = k] = Γ(k + r) / (Γ(r) k!) · p^r (1 - p)^k with r = 1, and negative binomials of
/// the same p add in r. So shares X_i = NB(1/m, p) - NB(1/m, p), drawn independently, sum over any m participants to
/// exactly discrete Laplace(t), and over all n ≥ m to NB(n/m, p) - NB(n/m, p): discrete Laplace(t) plus independent
/// noise, still epsilon-DP by post-processing. With m = n - tolerate, up to <c>tolerate</c> participants may pool and
/// subtract their own shares and the rest still carries discrete Laplace(t).
/// </para>
/// <para>
/// A negative binomial of non-integer r is drawn as a Poisson–Gamma mixture: lambda ~ Gamma(shape r, rate p / (1 - p)),
/// X ~ Poisson(lambda), with p / (1 - p) = e^(1/t) - 1 computed by expm1 (no cancellation for large t). MathNet.Numerics
/// draws both, from the <see cref="INoiseSource"/> through <see cref="NoiseSourceRandom"/>: Gamma by Marsaglia and Tsang
/// (ACM TOMS 2000) with the U^(1/r) boost for r &lt; 1; Poisson by Knuth's product method below mean 30 and Atkinson's
/// rejection method PA (Applied Statistics 28, 1979) from 30 on. PA is exact only if its scaled logistic envelope lies
/// above the Poisson pmf over each integer's whole rounding interval: checked numerically for means 30 to 2^24, the
/// largest drawn at once (the tightest margin, 0.07%, near mean 88; about 5% for large means). MathNet's own
/// NegativeBinomial sampler is not used: it draws the Gamma with rate p instead of p / (1 - p), and its product method
/// fails beyond mean ~700.
/// </para>
/// <para>
/// Unlike <see cref="ExactSampler"/> (CKS20, exact rationals), these draws work in doubles, so the guarantee is
/// epsilon-DP up to rounding. The scale is rounded to a double (relative error below 2^-50). A Poisson draw compares
/// log-probabilities of magnitude lambda·ln(lambda) in doubles, so its pmf is off by a relative error of order
/// lambda·ln(lambda)·2^-52. A mean above <see cref="ChunkMean"/> is drawn as equal parts (Poisson(a) + Poisson(b) =
/// Poisson(a + b)), which keeps MathNet's int results from overflowing; the parts' errors add up to the same order. The
/// per-query epsilon grows by about twice the pmf's relative error: at <see cref="MaxScale"/> = 2^30 with the sum
/// sensitivity 2^20 the per-query epsilon is at least 2^-10 and a typical draw (lambda near 2^30) adds of order 10^-5
/// to it (about 1%), linearly more for draws far in the tail; at the scales of common settings (epsilon / queries of
/// 0.1 or more: t ≤ 2^24) about 10^-7 against 0.1. The uniform
/// doubles carry 53 bits, which truncates the Gamma (its normal deviates stay within ±12.1) and Poisson (logistic
/// proposals within ±20 standard deviations) tails at probabilities far below 2^-100: strictly an (epsilon, delta)
/// guarantee with a delta of that order. Scales outside [<see cref="MinScale"/>, <see cref="MaxScale"/>] are refused.
/// </para>
/// </remarks>
internal static class NoiseShares
{
    /// <summary>The largest scale t accepted (2^30): bounds the rounding above and the parts of a Poisson draw (2^6 typically).</summary>
    public const double MaxScale = 1 << 30;

    /// <summary>The smallest scale t accepted (2^-6): e^(1/t) stays finite. Releases never go below 0.1 (epsilon ≤ 10).</summary>
    public const double MinScale = 1.0 / 64;

    /// <summary>The largest Poisson mean drawn at once (2^24): its log-probabilities stay below 2^29 in magnitude.</summary>
    internal const double ChunkMean = 1 << 24;

    /// <summary>
    /// One participant's share: NB(1/<paramref name="shares"/>, p) - NB(1/<paramref name="shares"/>, p), p = 1 - exp(-1/t),
    /// t the scale of <paramref name="laplace"/>. Any <paramref name="shares"/> participants' shares sum to discrete
    /// Laplace(t).
    /// </summary>
    /// <param name="laplace">Discrete Laplace parameters (<see cref="NoiseParameters.For"/> with <see cref="NoiseMechanism.Laplace"/>).</param>
    /// <param name="shares">m ≥ 1: how many shares make up one full discrete Laplace(t); n - tolerate in a federation.</param>
    /// <param name="source">The randomness: <see cref="CryptoNoiseSource"/> in a release.</param>
    /// <exception cref="ArgumentException"><paramref name="laplace"/> holds Gaussian parameters.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="shares"/> is below 1, or the scale is outside [<see cref="MinScale"/>, <see cref="MaxScale"/>].
    /// </exception>
    public static long Sample(NoiseParameters laplace, int shares, INoiseSource source)
    {
        ArgumentNullException.ThrowIfNull(laplace);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(shares, 1);
        var scale = laplace.LaplaceScale ?? throw new ArgumentException(
            "Federated releases use discrete Laplace shares: Gaussian noise parameters cannot be split into shares.", nameof(laplace));
        if (!(scale >= MinScale && scale <= MaxScale))
        {
            throw new ArgumentOutOfRangeException(nameof(laplace), scale, string.Create(
                CultureInfo.InvariantCulture,
                $"The discrete Laplace scale {scale} is outside the range of noise shares, {MinScale} to {MaxScale} (2^30): raise epsilon or ask for fewer queries."));
        }

        var random = new NoiseSourceRandom(source);
        var r = 1.0 / shares;
        var rate = SpecialFunctions.Expm1(1 / scale);
        return SampleNegativeBinomial(random, r, rate) - SampleNegativeBinomial(random, r, rate);
    }

    /// <summary>NB(r, p) as Poisson(Gamma(shape r, rate p / (1 - p))), the Poisson drawn in parts of mean at most <see cref="ChunkMean"/>.</summary>
    private static long SampleNegativeBinomial(NoiseSourceRandom random, double r, double rate)
    {
        var lambda = Gamma.Sample(random, r, rate);
        if (!(lambda > 0))
        {
            return 0; // Poisson(0); MathNet refuses a mean of 0, which a Gamma of shape < 1 can round to.
        }

        var parts = (long)Math.Ceiling(lambda / ChunkMean);
        var part = lambda / parts;
        var count = 0L;
        for (var i = 0L; i < parts; i++)
        {
            count += Poisson.Sample(random, part);
        }

        return count;
    }
}
