using System.Globalization;

namespace DataSpace.Policy.State;

/// <summary>
/// The ranges a run's privacy parameters must lie in (docs/privacy-budget.md, "Parameter ranges"), checked where they
/// enter (the job manifest), when a run is vetted, and by the noise calibration as a last guard. Below
/// <see cref="MinEpsilon"/> the noise drowns any answer while its arithmetic grows without bound; above
/// <see cref="MaxEpsilon"/> one run would reveal almost everything; a delta above <see cref="MaxDelta"/> allows a
/// catastrophic failure with a probability no data holder should accept.
/// </summary>
public static class PrivacyParameters
{
    /// <summary>The smallest epsilon one run may spend.</summary>
    public const double MinEpsilon = 0.001;

    /// <summary>The largest epsilon one run may spend.</summary>
    public const double MaxEpsilon = 10;

    /// <summary>The largest delta one run may spend (delta is 0 for the Laplace mechanism).</summary>
    public const double MaxDelta = 1e-3;

    /// <summary>Why <paramref name="epsilon"/> cannot be spent by one run; null when it can.</summary>
    public static string? EpsilonProblem(double epsilon) =>
        double.IsFinite(epsilon) && epsilon >= MinEpsilon && epsilon <= MaxEpsilon
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"epsilon must be a number from {MinEpsilon} to {MaxEpsilon} per run, not {epsilon}");

    /// <summary>Why <paramref name="delta"/> cannot be spent by one run of the Gaussian mechanism; null when it can.</summary>
    public static string? DeltaProblem(double delta) =>
        double.IsFinite(delta) && delta > 0 && delta <= MaxDelta
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"delta must be a number above 0 and at most {MaxDelta} per run, not {delta}");

    /// <summary>Why a limit (a policy's <c>dsc:epsilon</c> or <c>dsc:delta</c>, or a configured one) cannot be accounted; null when it can.</summary>
    public static string? LimitProblem(double limit) =>
        double.IsFinite(limit) && limit >= 0 && limit <= BudgetAmount.Max
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"a privacy budget limit must be a number from 0 to {BudgetAmount.Max}, not {limit}");
}
