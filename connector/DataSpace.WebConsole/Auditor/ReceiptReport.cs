namespace DataSpace.WebConsole.Auditor;

/// <summary>How one check of a receipt ended.</summary>
internal enum CheckOutcome
{
    Passed,
    Failed,

    /// <summary>Not run: what it checks could not be read (its detail says why).</summary>
    NotRun,
}

/// <summary>One check of a receipt: its name (a text key: <c>CheckSignature</c>, ...), how it ended and why.</summary>
internal sealed record ReceiptCheckStep(string Name, CheckOutcome Outcome, string Detail);

/// <summary>
/// What <see cref="ReceiptCheck"/> found, kept between the form's post and the page (post, redirect, get): each check
/// in order, or why the receipt could not be read at all.
/// </summary>
internal sealed record ReceiptReport(string? Problem, IReadOnlyList<ReceiptCheckStep> Steps, string? JobId, long? LogIndex)
{
    public bool AllPassed => Problem is null && Steps.Count > 0 && Steps.All(s => s.Outcome == CheckOutcome.Passed);

    public static ReceiptReport Unreadable(string problem) => new(problem, [], null, null);
}
