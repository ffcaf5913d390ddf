namespace DataSpace.Connector.Settlement;

/// <summary>The outcome of verifying one settlement statement against a log export: valid, or the first difference found.</summary>
public sealed record SettlementVerification(bool IsValid, string? Agreement, string? Period, string? Failure, long? CloseEntry = null)
{
    public static SettlementVerification Fail(string? agreement, string? period, string failure) => new(false, agreement, period, failure);
}
