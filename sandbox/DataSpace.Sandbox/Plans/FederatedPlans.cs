using System.Numerics;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A plan evaluated as one participant of a federated job (docs/federation.md), and the release of the participants'
/// sum. A participant's <em>partial</em> is its exact state of every group of the plan's domain as one vector of
/// integers (<see cref="Layout"/>), each value with the participant's share of discrete Laplace noise added
/// (<see cref="NoiseShares"/>): the vector is then masked and only ever seen summed. The aggregator turns the sum,
/// which carries the sum of all noise shares, into the same <see cref="PlanResult"/> a single connector releases,
/// drawing no further noise.
/// </summary>
/// <remarks>
/// Federated releases are always noisy: exact sums combined across connectors would let a participant that colludes
/// with the data user subtract its own rows and read another's exactly, and query-set overlap control needs row sets
/// that never leave a connector. Only the discrete Laplace mechanism has shares whose sum has a known distribution.
/// </remarks>
public static class FederatedPlans
{
    /// <summary>The largest partial, in values: 512 KiB of words, so that a signed vector statement stays within 1 MiB.</summary>
    public const int MaxVectorLength = 65_536;

    /// <summary>The number of values of the plan's partial over <paramref name="dataset"/> (the plan bound as for a noisy release).</summary>
    /// <exception cref="PlanException">The plan does not fit the dataset.</exception>
    public static int VectorLength(AnalysisPlan plan, PlanDataset dataset) =>
        Layout(PlanBinder.Bind(plan, dataset, null, new PlanBindOptions { Noisy = true })).Sum(s => s.Length);

    /// <summary>Evaluates the plan over this participant's data and returns its noisy partial.</summary>
    /// <exception cref="PlanException">The plan does not fit the data.</exception>
    /// <exception cref="Data.DataSourceException">The data could not be read.</exception>
    public static FederatedPartial Contribute(PlanRun run, FederatedNoise noise, CancellationToken cancellationToken) =>
        Contribute(run, noise, AggregateRelease.DefaultNoiseSource, cancellationToken);

    internal static FederatedPartial Contribute(PlanRun run, FederatedNoise noise, INoiseSource? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(noise);
        CheckRelease(run.Release);
        if (run.JoinedDataset is not null || run.Plan.Join is not null)
        {
            throw new ArgumentException("a federated plan cannot join a second dataset", nameof(run));
        }

        var bound = PlanBinder.Bind(run.Plan, run.Dataset, null, new PlanBindOptions { Noisy = true });
        var state = PlanEvaluator.Evaluate(bound, run.Data, null, null, cancellationToken);
        var (countNoise, sumNoise) = NoiseOf(bound, run.Release);
        var vector = new long[Layout(bound).Sum(s => s.Length)];
        var at = 0;
        foreach (var segment in Layout(bound))
        {
            var values = segment.Values(state);
            var parameters = segment.Kind == SegmentKind.Count ? countNoise : sumNoise;
            for (var i = 0; i < values.Length; i++)
            {
                vector[at++] = source is null ? values[i] : checked(values[i] + NoiseShares.Sample(parameters, noise.Shares, source));
            }
        }

        return new FederatedPartial(vector, state.RowsRead);
    }

    /// <summary>
    /// The release of the participants' summed partials (<paramref name="summed"/>, noise included), under the strictest
    /// terms of all participants (<paramref name="release"/>: the largest minimum group size, the federation's epsilon).
    /// </summary>
    /// <exception cref="ArgumentException">The sum's length is not the plan's, or the release is not a discrete Laplace one.</exception>
    public static PlanResult Combine(AnalysisPlan plan, PlanDataset dataset, ReadOnlySpan<long> summed, PlanReleaseOptions release)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(release);
        CheckRelease(release);
        var bound = PlanBinder.Bind(plan, dataset, null, new PlanBindOptions { Noisy = true });
        var layout = Layout(bound);
        var length = layout.Sum(s => s.Length);
        if (summed.Length != length)
        {
            throw new ArgumentException($"the plan's partials have {length} values, the sum {summed.Length}", nameof(summed));
        }

        var state = new PlanState(bound);
        var at = 0;
        foreach (var segment in layout)
        {
            summed.Slice(at, segment.Length).CopyTo(segment.Values(state));
            at += segment.Length;
        }

        return PlanRelease.Release(state, release, null, noiseIncluded: true);
    }

    private static void CheckRelease(PlanReleaseOptions release)
    {
        if (release.Mechanism != NoiseMechanism.Laplace)
        {
            throw new ArgumentException(
                $"a federated release adds shares of discrete Laplace noise; the {release.Mechanism} mechanism has no such shares (docs/federation.md)", nameof(release));
        }
    }

    private static (NoiseParameters Count, NoiseParameters Sum) NoiseOf(BoundPlan plan, PlanReleaseOptions release)
    {
        var queries = PlanRelease.Queries(plan);
        var unit = new BigInteger(plan.Multiplier);
        var grid = BigInteger.One << MeasureDeclaration.GridBits;
        return (NoiseParameters.For(NoiseMechanism.Laplace, release.Epsilon!.Value, 0, queries, unit),
            NoiseParameters.For(NoiseMechanism.Laplace, release.Epsilon!.Value, 0, queries, unit * grid));
    }

    /// <summary>
    /// The partial's segments in order: the counts of all groups (domain order); then per measure its grid sums, its
    /// grid sums of squares (with variance) and its histogram bins (group-major). Counts and bins get count noise,
    /// sums and squares sum noise, exactly as <see cref="PlanRelease"/> draws them for a single connector.
    /// </summary>
    private static List<Segment> Layout(BoundPlan plan)
    {
        var groups = plan.GroupCount;
        var segments = new List<Segment> { new(SegmentKind.Count, groups, s => s.Counts) };
        for (var m = 0; m < plan.Measures.Count; m++)
        {
            var measure = m;
            segments.Add(new(SegmentKind.Sum, groups, s => s.GridSums[measure]));
            if (plan.Measures[m].Declared.Variance)
            {
                segments.Add(new(SegmentKind.Sum, groups, s => s.GridSquares[measure]));
            }

            if (plan.Measures[m].Histogram is { } bins)
            {
                segments.Add(new(SegmentKind.Count, groups * bins.Size, s => s.Histograms[measure]));
            }
        }

        if (segments.Sum(s => (long)s.Length) > MaxVectorLength)
        {
            throw new PlanException($"the plan's partial would have more than {MaxVectorLength:N0} values; a federated plan needs a smaller domain");
        }

        return segments;
    }

    private enum SegmentKind
    {
        Count,
        Sum,
    }

    private sealed record Segment(SegmentKind Kind, int Length, Func<PlanState, long[]> Values);
}

/// <summary>
/// How this participant shares the noise: <see cref="Participants"/> connectors each add a share, and any
/// <see cref="Shares"/> = participants − <see cref="Tolerate"/> of them sum to the full discrete Laplace noise, so
/// that up to <see cref="Tolerate"/> participants (the aggregator among them) who know their own shares still leave
/// the release its epsilon (docs/federation.md, "Noise").
/// </summary>
public sealed record FederatedNoise
{
    public FederatedNoise(int participants, int tolerate)
    {
        if (participants < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(participants), participants, "a federation has at least 2 participants");
        }

        if (tolerate < 1 || tolerate > participants - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerate), tolerate, $"the collusion tolerance must be between 1 and {participants - 1} (the participants less one)");
        }

        (Participants, Tolerate) = (participants, tolerate);
    }

    public int Participants { get; }

    public int Tolerate { get; }

    /// <summary>How many shares make the full noise: participants − tolerate.</summary>
    public int Shares => Participants - Tolerate;
}

/// <summary>A participant's partial: the vector of <see cref="FederatedPlans"/>'s layout, noise share included; and the rows it read (kept by the participant).</summary>
public sealed record FederatedPartial(long[] Vector, long RowsRead);
