namespace DataSpace.Connector.Settlement;

/// <summary>
/// The outcome of verifying one settlement statement against a log export: valid, or the first difference found and the
/// check it failed (<see cref="FailedCheck"/>; every check before it passed, none after it was made).
/// </summary>
public sealed record SettlementVerification(
    bool IsValid, string? Agreement, string? Period, string? Failure, long? CloseEntry = null, SettlementCheck? FailedCheck = null)
{
    public static SettlementVerification Fail(string? agreement, string? period, string failure, SettlementCheck check) =>
        new(false, agreement, period, failure, FailedCheck: check);
}
