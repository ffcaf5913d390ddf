using System.Globalization;

namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// The reasons a run's end carries for the operator and the data user (<see cref="JobOutcome.Reason"/>): a fixed
/// vocabulary, one reason per way a run can end, chosen by the host from the failure kind alone. No reason holds a
/// number or text the job chose (a return code, a message, a name it asked for, a size it produced); a host limit
/// appears with the host's value, which the job cannot change. What the job chose goes to
/// <see cref="JobOutcome.Detail"/> and <see cref="JobOutcome.JobMessage"/>, for the supplier only
/// (docs/sandbox-abi.md §8).
/// </summary>
public static class JobReasons
{
    public const string AbiVersion = "the module does not speak ABI version 1";

    public const string Instantiation = "the module could not start within its limits; the details are held for the supplier";

    public const string Trap = "the job trapped; the details are held for the supplier";

    public const string Cancelled = "the run was cancelled";

    public const string StackOverflow = "the job overflowed its WebAssembly stack (too deep recursion)";

    public const string Violation = "the job broke a rule of ABI v1; the details are held for the supplier";

    public const string ModelMismatch = "the model the job asked dsc_train for is not the one its approved manifest declares";

    public const string JobError = "the job ended with an error (dsc_run did not return 0); its code and message are held for the supplier";

    public const string HostError = "the host could not finish its part of the run (for example reading the dataset); the details are held for the supplier";

    /// <summary>Custom output that failed the leak check; which findings it had is the job's doing, so it is held for the supplier.</summary>
    public const string CustomOutputRefused = "custom output refused by the leak check; the findings are held for the supplier";

    /// <summary>The reason of a failure of <paramref name="kind"/> under <paramref name="limits"/> (the run's limits, set by the host and the manifest).</summary>
    public static string For(JobFailureKind kind, JobLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return kind switch
        {
            JobFailureKind.AbiVersion => AbiVersion,
            JobFailureKind.Instantiation => Instantiation,
            JobFailureKind.Trap => Trap,
            JobFailureKind.CpuLimit => string.Create(CultureInfo.InvariantCulture, $"the job used up its CPU budget of {limits.Fuel:N0} fuel"),
            JobFailureKind.WallTime => string.Create(CultureInfo.InvariantCulture, $"the job ran longer than its wall-time limit of {limits.WallTime.TotalSeconds:0.###} s"),
            JobFailureKind.Cancelled => Cancelled,
            JobFailureKind.StackOverflow => StackOverflow,
            JobFailureKind.Violation => Violation,
            JobFailureKind.ModelMismatch => ModelMismatch,
            JobFailureKind.JobError => JobError,
            JobFailureKind.HostError => HostError,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a failure kind"),
        };
    }

    /// <summary>Every failure reason a run under <paramref name="limits"/> can carry: the vocabulary is this list.</summary>
    public static IReadOnlyList<string> Failures(JobLimits limits) =>
        [.. Enum.GetValues<JobFailureKind>().Select(kind => For(kind, limits))];
}
