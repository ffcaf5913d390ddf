using System.Numerics;
using DataSpace.Policy.State;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// The exact rational parameter of one query's integer noise. The total (epsilon, delta) is split
/// evenly over the queries (sequential composition); each query gets epsilon/q and delta/q.
/// </summary>
internal abstract class NoiseParameters
{
    public abstract BigInteger Sample(ExactSampler sampler);

    /// <summary>
    /// The discrete Laplace scale t/s as a double, for <see cref="NoiseShares"/> (whose samplers work in doubles); null
    /// for Gaussian noise. Both integers are converted and then divided, three roundings: a relative error below 2^-50,
    /// +Infinity when t/s is beyond the doubles (which <see cref="NoiseShares"/> refuses).
    /// </summary>
    internal virtual double? LaplaceScale => null;

    /// <summary>
    /// Noise for one of <paramref name="queries"/> queries sharing (<paramref name="epsilon"/>, <paramref name="delta"/>),
    /// whose sensitivity in integer units is <paramref name="sensitivity"/> (1 for a count, 2^k grid steps for a sum).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// Epsilon or (for Gaussian) delta is outside its documented range (<see cref="PrivacyParameters"/>), or the noise
    /// it asks for cannot be represented: the last guard, so a hostile parameter never reaches the arithmetic.
    /// </exception>
    public static NoiseParameters For(NoiseMechanism mechanism, double epsilon, double delta, int queries, BigInteger sensitivity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queries, 1);
        if (PrivacyParameters.EpsilonProblem(epsilon) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, problem);
        }

        if (mechanism == NoiseMechanism.Gaussian && PrivacyParameters.DeltaProblem(delta) is { } deltaProblem)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, deltaProblem);
        }

        return mechanism switch
        {
            NoiseMechanism.Laplace => LaplaceFor(epsilon, queries, sensitivity),
            NoiseMechanism.Gaussian => GaussianFor(epsilon, delta, queries, sensitivity),
            _ => throw new ArgumentOutOfRangeException(nameof(mechanism)),
        };
    }

    /// <summary>
    /// Discrete Laplace of scale sensitivity / (epsilon / q) gives (epsilon / q)-DP (CKS20, discrete
    /// Laplace mechanism). epsilon is a double, i.e. exactly num / den, so the scale is the exact
    /// rational sensitivity * den * q / num: no rounding at all.
    /// </summary>
    private static Laplace LaplaceFor(double epsilon, int queries, BigInteger sensitivity)
    {
        var (num, den) = ExactRational(epsilon);
        return new Laplace(sensitivity * den * queries, num);
    }

    /// <summary>
    /// The discrete Gaussian N_Z(0, sigma²) with sensitivity D is (D² / (2 sigma²))-zCDP (CKS20), and
    /// rho-zCDP implies (rho + 2 sqrt(rho ln(1/delta)), delta)-DP (Bun and Steinke 2016, Proposition 1.3).
    /// Solving for rho with e = epsilon / q, L = ln(q / delta): rho = e² / (sqrt(L + e) + sqrt(L))².
    /// sigma² = D² / (2 rho) is computed in doubles, raised by a relative 1e-9 to cover their rounding and
    /// rounded up to a multiple of 2^-10: more noise than needed, never less.
    /// </summary>
    private static Gaussian GaussianFor(double epsilon, double delta, int queries, BigInteger sensitivity)
    {
        var e = epsilon / queries;
        var l = Math.Log(queries / delta);
        var root = Math.Sqrt(l + e) + Math.Sqrt(l);
        var rho = e * e / (root * root);
        var d = (double)sensitivity;
        var sigmaSquared = d * d / (2 * rho) * (1 + 1e-9);
        const int Scale = 1 << 10;
        if (!double.IsFinite(sigmaSquared * Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the Gaussian noise this epsilon asks for cannot be represented");
        }

        var num = new BigInteger(Math.Ceiling(sigmaSquared * Scale));
        return new Gaussian(BigInteger.Max(num, BigInteger.One), Scale);
    }

    /// <summary>A finite positive double as the exact fraction num / den (den a power of two).</summary>
    internal static (BigInteger Num, BigInteger Den) ExactRational(double value)
    {
        var exponent = Math.ILogB(value) - 52;
        var mantissa = new BigInteger(Math.ScaleB(value, -exponent));
        return exponent >= 0 ? (mantissa << exponent, BigInteger.One) : (mantissa, BigInteger.One << -exponent);
    }

    private sealed class Laplace(BigInteger t, BigInteger s) : NoiseParameters
    {
        public override BigInteger Sample(ExactSampler sampler) => sampler.DiscreteLaplace(t, s);

        internal override double? LaplaceScale => (double)t / (double)s;
    }

    private sealed class Gaussian(BigInteger num, BigInteger den) : NoiseParameters
    {
        public override BigInteger Sample(ExactSampler sampler) => sampler.DiscreteGaussian(num, den);
    }
}
