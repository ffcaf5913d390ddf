namespace DataSpace.WebConsole.Operator;

/// <summary>The job states after which nothing more happens to a job on this connector (the connector's <c>JobState</c>).</summary>
internal static class JobStates
{
    /// <summary>
    /// Rejected, released, refused, failed, or contributed (a federated run's partial went to the aggregator, whose own
    /// job goes on elsewhere). A job page follows a job's state only until it reaches one of these.
    /// </summary>
    public static readonly IReadOnlyList<string> Final = ["Rejected", "Released", "Refused", "Failed", "Contributed"];

    public static bool IsFinal(string? state) => state is not null && Final.Contains(state, StringComparer.Ordinal);
}
