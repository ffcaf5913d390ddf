namespace DataSpace.Connector.Tests.Settlement;

/// <summary>
/// A federated run is settled on each participant's connector like any run (docs/metering.md, "Which runs"): its
/// metered <c>federation.contribute</c> entry is billed under the participant's agreement, and the statement verifies
/// offline from the export.
/// </summary>
public sealed class FederatedSettlementTests
{
    [Fact]
    public async Task Close_PeriodWithAFederatedContribution_BillsItAndTheStatementVerifies()
    {
        await using var log = SettlementLogBuilder.Create();
        await log.AgreeAsync("agr-1", SettlementLogBuilder.At("2026-10-20T09:00:00+08:00"));
        await log.RunAsync("agr-1", "job-1", SettlementLogBuilder.At("2026-11-02T09:00:00+08:00"), 10_000);
        await log.RunAsync("agr-1", "job-2", SettlementLogBuilder.At("2026-11-03T09:00:00+08:00"), 10_000, action: "federation.contribute");

        var statement = Assert.Single(await log.CloseAsync("2026-11", SettlementLogBuilder.At("2026-12-01T00:05:00+08:00")));
        var export = await log.ExportAsync();

        Assert.Equal(["job-1", "job-2"], statement.Body["runs"]!.AsArray().Select(r => r!["job"]!.GetValue<string>()));
        var verified = Assert.Single(log.Verify(export, statement));
        Assert.True(verified.IsValid, verified.Failure);
    }
}
