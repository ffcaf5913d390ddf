using System.Numerics;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// Turns a plan's exact <see cref="PlanState"/> into the <see cref="PlanResult"/> that may leave (docs/analysis-plans.md,
/// "Release"). With noise, every count, sum, sum of squares and histogram bin of every group of the domain gets
/// discrete Laplace or Gaussian noise calibrated to what one privacy unit can change (one row, or an entity's bounded
/// rows); a group is released when its <em>noisy</em> count reaches the minimum group size, so which groups appear is
/// itself noisy; means, variances and quantiles are computed from the noisy values (post-processing). Without noise,
/// a group is released when its true count reaches the minimum.
/// </summary>
internal static class PlanRelease
{
    public static PlanResult Release(PlanState state, PlanReleaseOptions options, INoiseSource? noise = null) =>
        Release(state, options, noise, noiseIncluded: false);

    /// <summary>
    /// As above; with <paramref name="noiseIncluded"/>, the state's values already carry their noise (a federated
    /// job's sum of noise shares, docs/federation.md): nothing more is drawn, and the release is computed from them as
    /// from noisy values.
    /// </summary>
    public static PlanResult Release(PlanState state, PlanReleaseOptions options, INoiseSource? noise, bool noiseIncluded)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var plan = state.Plan;
        Validate(options, plan);
        var noisy = options.Mechanism != NoiseMechanism.None;
        var queries = noisy ? Queries(plan) : 0;
        var epsilon = noisy ? options.Epsilon!.Value : 0;
        var delta = options.Mechanism == NoiseMechanism.Gaussian ? options.Delta!.Value : 0;
        var unit = new BigInteger(plan.Multiplier);
        var grid = BigInteger.One << MeasureDeclaration.GridBits;
        NoiseParameters? Noise(BigInteger sensitivity) => noisy ? NoiseParameters.For(options.Mechanism, epsilon, delta, queries, sensitivity) : null;
        var countNoise = Noise(unit);
        var sumNoise = Noise(unit * grid);
        var sampler = noisy && !noiseIncluded ? new ExactSampler(noise ?? AggregateRelease.DefaultNoiseSource) : null;
        long Draw(NoiseParameters? parameters) => parameters is null || sampler is null ? 0 : (long)parameters.Sample(sampler);

        var groups = new List<PlanResultGroup>();
        for (var g = 0; g < plan.GroupCount; g++)
        {
            var count = checked(state.Counts[g] + Draw(countNoise));
            if (count < options.MinGroupSize)
            {
                continue;
            }

            var values = new PlanResultValue[plan.Measures.Count];
            for (var m = 0; m < values.Length; m++)
            {
                values[m] = noisy
                    ? NoisyValue(state, m, g, count, () => Draw(sumNoise), () => Draw(countNoise))
                    : ExactValue(state, m, g, count);
            }

            groups.Add(new PlanResultGroup(Key(plan, g), count, values) { Index = g });
        }

        return new PlanResult
        {
            Dimensions = [.. plan.Plan.Dimensions.Select(d => d.Name)],
            Measures = [.. plan.Measures.Select(m => new PlanResultMeasure(
                m.Declared.Name, m.Declared.Lower, m.Declared.Upper, m.Declared.Variance, m.Declared.Histogram, m.Declared.Quantiles))],
            Groups = groups,
            SuppressedGroups = plan.GroupCount - groups.Count,
            Mechanism = options.Mechanism,
            MinGroupSize = options.MinGroupSize,
            Queries = queries,
            EpsilonSpent = epsilon,
            DeltaSpent = delta,
            PrivacyUnit = plan.Entities.Count == 0 ? "row" : "entity",
            RowsPerUnit = plan.Multiplier,
            RowsRead = state.RowsRead,
        };
    }

    /// <summary>
    /// The noisy queries of a release, over which (epsilon, delta) is split evenly: the counts of all groups (one
    /// query: a unit's rows are in one group each), and per measure its sums, its sums of squares (with variance) and
    /// its histogram's bins (all groups' bins together: a row is in one bin of one group).
    /// </summary>
    public static int Queries(BoundPlan plan) =>
        1 + plan.Measures.Sum(m => 1 + (m.Declared.Variance ? 1 : 0) + (m.Histogram is null ? 0 : 1));

    private static PlanResultValue NoisyValue(PlanState state, int m, int g, long count, Func<long> sumNoise, Func<long> countNoise)
    {
        var measure = state.Plan.Measures[m];
        var (lower, upper) = (measure.Declared.Lower, measure.Declared.Upper);
        var sum = (double)(state.GridSums[m][g] + sumNoise()) * measure.Granularity;
        var mean = Math.Clamp(sum / count, lower, upper);
        double? variance = null;
        if (measure.Declared.Variance)
        {
            var squares = (double)(state.GridSquares[m][g] + sumNoise()) * measure.SquareGranularity;
            var half = (upper - lower) / 2;
            variance = Math.Clamp((squares / count) - (mean * mean), 0, half * half);
        }

        long[]? histogram = null;
        if (measure.Histogram is { } bins)
        {
            histogram = new long[bins.Size];
            for (var b = 0; b < histogram.Length; b++)
            {
                histogram[b] = Math.Max(0, state.Histograms[m][(g * bins.Size) + b] + countNoise());
            }
        }

        return new PlanResultValue
        {
            Name = measure.Declared.Name,
            Sum = sum,
            Mean = mean,
            Variance = variance,
            Histogram = histogram,
            Quantiles = histogram is null || measure.Declared.Quantiles.Count == 0 ? null : Quantiles(measure.Declared, histogram),
        };
    }

    private static PlanResultValue ExactValue(PlanState state, int m, int g, long count)
    {
        var measure = state.Plan.Measures[m].Declared;
        var sum = state.Sums[m][g];
        var mean = sum / count;
        return new PlanResultValue
        {
            Name = measure.Name,
            Sum = sum,
            Mean = mean,
            Variance = measure.Variance ? Math.Max(0, (state.Squares[m][g] / count) - (mean * mean)) : null,
        };
    }

    /// <summary>Quantiles by linear interpolation within the (noisy, non-negative) histogram's bins; null where it is empty.</summary>
    internal static double?[] Quantiles(PlanMeasure measure, IReadOnlyList<long> histogram)
    {
        var edges = measure.Histogram!;
        var total = histogram.Sum();
        var quantiles = new double?[measure.Quantiles.Count];
        if (total <= 0)
        {
            return quantiles;
        }

        for (var q = 0; q < quantiles.Length; q++)
        {
            var target = measure.Quantiles[q] * total;
            double before = 0;
            for (var b = 0; b < histogram.Count; b++)
            {
                if (histogram[b] > 0 && before + histogram[b] >= target)
                {
                    var within = (target - before) / histogram[b];
                    quantiles[q] = edges[b] + (within * (edges[b + 1] - edges[b]));
                    break;
                }

                before += histogram[b];
            }
        }

        return quantiles;
    }

    private static string[] Key(BoundPlan plan, int group)
    {
        var key = new string[plan.Dimensions.Count];
        for (var d = 0; d < key.Length; d++)
        {
            var bound = plan.Dimensions[d];
            key[d] = plan.Plan.Dimensions[d].Label(group / bound.Stride % bound.Matcher.Size);
        }

        return key;
    }

    private static void Validate(PlanReleaseOptions options, BoundPlan plan)
    {
        if (options.MinGroupSize < 1)
        {
            throw new ArgumentException($"the minimum group size must be at least 1, not {options.MinGroupSize}", nameof(options));
        }

        if (options.Mechanism != NoiseMechanism.None != plan.Noisy)
        {
            throw new ArgumentException("the plan was bound for a release " + (plan.Noisy ? "with" : "without") + " noise", nameof(options));
        }

        AggregateRelease.Validate(new ReleaseOptions { Mechanism = options.Mechanism, Epsilon = options.Epsilon, Delta = options.Delta });
    }
}
