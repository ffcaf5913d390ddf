using System.Globalization;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.State;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Models;

namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// How a run's output is vetted before anything leaves. Safe defaults: groups of fewer than 10 rows
/// are suppressed, models need 100 rows.
/// </summary>
public sealed record JobVetting
{
    /// <summary>Groups with fewer distinct rows are suppressed.</summary>
    public int MinGroupSize { get; init; } = 10;

    /// <summary>Differential-privacy noise on aggregates; <see cref="NoiseMechanism.None"/> for none.</summary>
    public NoiseMechanism Mechanism { get; init; } = NoiseMechanism.None;

    /// <summary>Privacy budget spent by this release when noise is on.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Delta for the Gaussian mechanism.</summary>
    public double? Delta { get; init; }

    /// <summary>
    /// The measures the approved manifest declares, with their clamping bounds. A job may declare only
    /// these, with exactly these bounds: names and bounds are released and set the noise, so they must not
    /// be the job's free choice.
    /// </summary>
    public IReadOnlyList<MeasureDeclaration> Measures { get; init; } = [];

    /// <summary>Group keys the approved manifest lists (for example income brackets); the job may use them freely.</summary>
    public IReadOnlyList<string> GroupKeys { get; init; } = [];

    /// <summary>
    /// A granted column whose values may serve as group keys: a group with any other key may hold only rows
    /// whose value in this column, as canonical text, is the key (integers in decimal, dates as yyyy-MM-dd,
    /// booleans as true/false, floats in shortest round-trip form, strings as they are). Without it, and
    /// outside <see cref="GroupKeys"/>, a job cannot make groups: keys are released, so they must not carry
    /// what the job read.
    /// </summary>
    public string? GroupKeyColumn { get; init; }

    /// <summary>
    /// The model the approved manifest declares (trainer, label, features in order, clusters): a model job trains
    /// exactly this, and its <c>dsc_train</c> call must ask for exactly this, so that the job cannot choose the model
    /// (and signal with the choice) at run time. Required for output kind model.
    /// </summary>
    public ModelSpec? Model { get; init; }

    /// <summary>Fewest usable rows a model may be trained on.</summary>
    public int MinTrainingRows { get; init; } = 100;

    /// <summary>Columns whose values must never appear in custom output (need not be granted to the job).</summary>
    public IReadOnlyList<string> IdentifyingColumns { get; init; } = [];

    /// <summary>Seed for deterministic model training.</summary>
    public int TrainingSeed { get; init; } = 1;

    /// <summary>
    /// The vetting a permit's obligations ask for, on top of <paramref name="defaults"/>: the largest
    /// <c>dsc:groupSize</c> raises the minimum group size (never lowers it); <c>dsc:epsilon</c> turns on the
    /// Laplace mechanism, <c>dsc:delta</c> the Gaussian one, spending the request's epsilon and delta, which
    /// must then be stated. Throws <see cref="ArgumentException"/> for a deny or a missing epsilon or delta.
    /// </summary>
    public static JobVetting FromDecision(Decision decision, double? epsilon, double? delta, JobVetting? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.IsPermitted)
        {
            throw new ArgumentException("a denied request has no vetting: it must not run", nameof(decision));
        }

        var vetting = defaults ?? new JobVetting();
        foreach (var obligation in decision.Obligations)
        {
            switch (obligation.Kind)
            {
                case ObligationKind.MinimumGroupSize when obligation.Value is { } size:
                    if (!double.IsFinite(size) || size > int.MaxValue)
                    {
                        throw new ArgumentException($"{obligation.Source}: minimum group size {size.ToString(CultureInfo.InvariantCulture)} is out of range", nameof(decision));
                    }

                    vetting = vetting with { MinGroupSize = Math.Max(vetting.MinGroupSize, (int)Math.Ceiling(size)) };
                    break;
                case ObligationKind.SpendEpsilon:
                    vetting = vetting with
                    {
                        Mechanism = vetting.Mechanism == NoiseMechanism.Gaussian ? NoiseMechanism.Gaussian : NoiseMechanism.Laplace,
                        Epsilon = epsilon is { } e
                            ? PrivacyParameters.EpsilonProblem(e) is { } problem
                                ? throw new ArgumentException($"{obligation.Source}: the policy asks for differential privacy; {problem}", nameof(epsilon))
                                : e
                            : throw new ArgumentException($"{obligation.Source}: the policy asks for differential privacy; the request must state a positive epsilon to spend", nameof(epsilon)),
                    };
                    break;
                case ObligationKind.SpendDelta:
                    vetting = vetting with
                    {
                        Mechanism = NoiseMechanism.Gaussian,
                        Delta = delta is { } d
                            ? PrivacyParameters.DeltaProblem(d) is { } deltaProblem
                                ? throw new ArgumentException($"{obligation.Source}: the policy asks for (epsilon, delta) privacy; {deltaProblem}", nameof(delta))
                                : d
                            : throw new ArgumentException($"{obligation.Source}: the policy asks for (epsilon, delta) privacy; the request must state a delta between 0 and 1", nameof(delta)),
                    };
                    break;
                default:
                    break;
            }
        }

        return vetting;
    }
}
