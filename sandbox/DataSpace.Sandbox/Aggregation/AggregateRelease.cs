using System.Numerics;
using DataSpace.Policy.State;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// Turns an exact <see cref="AggregateState"/> into an <see cref="AggregateResult"/> that may leave:
/// small groups suppressed and, when asked, discrete Laplace or discrete Gaussian noise on every count
/// and sum. The privacy unit is one row; see docs/sandbox-privacy.md.
/// </summary>
public static class AggregateRelease
{
    /// <summary>The source used when none is given.</summary>
    internal static INoiseSource DefaultNoiseSource => CryptoNoiseSource.Instance;

    /// <summary>
    /// Releases <paramref name="state"/> under <paramref name="options"/>. <paramref name="noise"/> defaults
    /// to <see cref="CryptoNoiseSource"/>; pass another only in tests.
    /// </summary>
    /// <exception cref="ArgumentException">The options are inconsistent or out of range.</exception>
    public static AggregateResult Release(AggregateState state, ReleaseOptions options, INoiseSource? noise = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);

        var measures = state.Measures;
        var noisy = options.Mechanism != NoiseMechanism.None;
        var queries = noisy ? 1 + measures.Count : 0;
        var epsilon = noisy ? options.Epsilon!.Value : 0;
        var delta = options.Mechanism == NoiseMechanism.Gaussian ? options.Delta!.Value : 0;
        var countNoise = noisy ? NoiseParameters.For(options.Mechanism, epsilon, delta, queries, sensitivity: BigInteger.One) : null;
        var sumNoise = noisy
            ? NoiseParameters.For(options.Mechanism, epsilon, delta, queries, sensitivity: BigInteger.One << MeasureDeclaration.GridBits)
            : null;
        var sampler = noisy ? new ExactSampler(noise ?? DefaultNoiseSource) : null;

        var released = new List<ReleasedGroup>();
        var suppressed = 0;
        foreach (var group in state.Groups)
        {
            var count = group.Rows;
            if (countNoise is not null)
            {
                count = checked(count + (long)countNoise.Sample(sampler!));
            }

            // With noise both the true and the noisy count must reach the threshold: see the docs.
            if (group.Rows < options.MinGroupSize || count < options.MinGroupSize)
            {
                suppressed++;
                continue;
            }

            var values = new ReleasedValue[measures.Count];
            for (var m = 0; m < values.Length; m++)
            {
                var total = group.Measures[m];
                var sum = total.Sum;
                if (sumNoise is not null)
                {
                    var units = total.GridSum + sumNoise.Sample(sampler!);
                    sum = (double)units * measures[m].Granularity;
                }

                values[m] = new ReleasedValue(measures[m].Name, sum, sum / count);
            }

            released.Add(new ReleasedGroup(group.Key, count, values));
        }

        released.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var releasedMeasures = new ReleasedMeasure[measures.Count];
        for (var m = 0; m < releasedMeasures.Length; m++)
        {
            var d = measures[m];
            releasedMeasures[m] = new ReleasedMeasure(d.Name, d.Lower, d.Upper, d.Sensitivity, noisy ? d.Granularity : 0);
        }

        return new AggregateResult
        {
            Groups = released,
            Measures = releasedMeasures,
            SuppressedGroups = suppressed,
            Mechanism = options.Mechanism,
            MinGroupSize = options.MinGroupSize,
            Queries = queries,
            EpsilonSpent = epsilon,
            DeltaSpent = delta,
            EpsilonPerQuery = noisy ? epsilon / queries : 0,
            DeltaPerQuery = noisy ? delta / queries : 0,
            TotalRows = noisy ? null : state.TotalRows,
        };
    }

    internal static void Validate(ReleaseOptions options)
    {
        if (options.MinGroupSize < 1)
        {
            throw new ArgumentException($"MinGroupSize must be at least 1, not {options.MinGroupSize}.", nameof(options));
        }

        switch (options.Mechanism)
        {
            case NoiseMechanism.None:
                if (options.Epsilon is not null || options.Delta is not null)
                {
                    throw new ArgumentException("Epsilon and Delta must not be set when Mechanism is None: no noise is added.", nameof(options));
                }

                break;
            case NoiseMechanism.Laplace:
                RequireEpsilon(options);
                if (options.Delta is not null)
                {
                    throw new ArgumentException("Delta must not be set for Laplace: it gives pure epsilon-DP.", nameof(options));
                }

                break;
            case NoiseMechanism.Gaussian:
                RequireEpsilon(options);
                if (options.Delta is not { } delta || PrivacyParameters.DeltaProblem(delta) is not null)
                {
                    throw new ArgumentException($"Gaussian needs Delta with 0 < Delta <= {PrivacyParameters.MaxDelta}.", nameof(options));
                }

                break;
            default:
                throw new ArgumentException($"Unknown mechanism {options.Mechanism}.", nameof(options));
        }
    }

    private static void RequireEpsilon(ReleaseOptions options)
    {
        // The last guard of the documented range (docs/privacy-budget.md): outside it the calibration's numbers grow without bound.
        if (options.Epsilon is not { } epsilon || PrivacyParameters.EpsilonProblem(epsilon) is not null)
        {
            throw new ArgumentException(
                $"{options.Mechanism} needs a finite Epsilon above 0, from {PrivacyParameters.MinEpsilon} to {PrivacyParameters.MaxEpsilon}, not {options.Epsilon?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.",
                nameof(options));
        }
    }
}
