using System.Text.Json.Nodes;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Settlement;

/// <summary>
/// The auditor's recomputation of a settlement statement from the log export alone (issue 15, item 4; docs/metering.md,
/// "Verifying a statement"): a good statement verifies; a tampered amount, a dropped run and a run moved across the
/// period boundary are each refused with the reason, even when the connector's own key signed the lie.
/// </summary>
public sealed class SettlementVerifierTests : IAsyncLifetime
{
    private SettlementLogBuilder _log = null!;
    private SignedStatement _november = null!;
    private string _export = null!;
    private long _decemberRun;

    public async Task InitializeAsync()
    {
        _log = SettlementLogBuilder.Create();
        await _log.AgreeAsync("agr-1", SettlementLogBuilder.At("2026-10-20T09:00:00+08:00"));
        await _log.RunAsync("agr-1", "job-1", SettlementLogBuilder.At("2026-11-02T09:00:00+08:00"), 12_345);
        await _log.RunAsync("agr-1", "job-2", SettlementLogBuilder.At("2026-11-09T09:00:00+08:00"), 1_987_655);
        await _log.RunAsync("agr-1", "job-3", SettlementLogBuilder.At("2026-11-20T09:00:00+08:00"), 5_000_000, billable: false, action: "job.fail");
        await _log.RunAsync("agr-1", "job-4", SettlementLogBuilder.At("2026-11-30T23:59:59+08:00"), 100);
        _decemberRun = await _log.RunAsync("agr-1", "job-5", SettlementLogBuilder.At("2026-12-01T00:00:00+08:00"), 100);
        _november = Assert.Single(await _log.CloseAsync("2026-11", SettlementLogBuilder.At("2026-12-01T00:05:00+08:00")));
        _export = await _log.ExportAsync();
    }

    public async Task DisposeAsync() => await _log.DisposeAsync();

    private string Refusal(SignedStatement statement)
    {
        var result = Assert.Single(_log.Verify(_export, statement));
        Assert.False(result.IsValid);
        return result.Failure!;
    }

    [Fact]
    public void Verify_StatementAsClosed_IsValidAndStatesRunsTotalsTiersAndShares()
    {
        var result = Assert.Single(_log.Verify(_export, _november));

        Assert.True(result.IsValid, result.Failure);
        var body = _november.Body;
        // Runs 1, 2 and 4 bill 2,000 fen each plus rows: 123.45 + (9,876.55 + 5,000 above the tier) + 0.5 fen; run 3 is listed, free.
        Assert.Equal(4, body["runs"]!.AsArray().Count);
        Assert.Equal("21000.5", body["exactFen"]!.GetValue<string>());
        Assert.Equal(21_001L, body["chargedFen"]!.GetValue<long>());
        Assert.Equal((10_501L, 10_500L), (body["shares"]!["supplierFen"]!.GetValue<long>(), body["shares"]!["operatorFen"]!.GetValue<long>()));
        var tier = Assert.Single(body["tiersCrossed"]!.AsArray());
        Assert.Equal((2L, 1_000_000L), (tier!["index"]!.GetValue<long>(), tier["boundary"]!.GetValue<long>()));
    }

    [Fact]
    public void Verify_TamperedAmount_IsRefusedNamingTheAmount()
    {
        var forged = _log.Forge(_november, body => body["chargedFen"] = 20_001L);

        Assert.Equal("'chargedFen' is 20001 in the statement; the log gives 21001", Refusal(forged));
    }

    [Fact]
    public void Verify_DroppedRun_IsRefusedNamingTheRun()
    {
        var forged = _log.Forge(_november, body => body["runs"]!.AsArray().RemoveAt(1));

        Assert.StartsWith("the run at log index 2 (job job-2, ", Refusal(forged), StringComparison.Ordinal);
        Assert.EndsWith(") is in 2026-11 but missing from the statement", Refusal(forged), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RunOfTheNextPeriodListed_IsRefusedNamingItsPeriod()
    {
        var forged = _log.Forge(_november, body =>
        {
            var run = (JsonObject)body["runs"]![3]!.DeepClone();
            run["index"] = _decemberRun;
            run["job"] = "job-5";
            body["runs"]!.AsArray().Add(run);
        });

        Assert.Equal(
            $"the statement lists the run at log index {_decemberRun} (job/job-5), logged at 2026-11-30T16:00:00.0000000+00:00: in period 2026-12, not 2026-11",
            Refusal(forged));
    }

    [Fact]
    public void Verify_RunMovedToTheNextPeriod_IsRefusedNamingItsTime()
    {
        // The last November run is dated into December, as a connector would to push it into the next statement.
        var forged = _log.Forge(_november, body => body["runs"]![3]!["at"] = "2026-11-30T16:00:00.0000000+00:00");

        Assert.Equal("'runs[3].at' is \"2026-11-30T16:00:00.0000000+00:00\" in the statement; the log gives \"2026-11-30T15:59:59.0000000+00:00\"", Refusal(forged));
    }

    [Fact]
    public async Task Verify_StatementNeverLogged_IsRefused()
    {
        await using var other = SettlementLogBuilder.Create();
        await other.AgreeAsync("agr-1", SettlementLogBuilder.At("2026-10-20T09:00:00+08:00"));
        await other.RunAsync("agr-1", "job-1", SettlementLogBuilder.At("2026-11-02T09:00:00+08:00"), 12_345);
        var unlogged = Assert.Single(other.Unlogged("2026-11"));

        var result = Assert.Single(other.Verify(await other.ExportAsync(), unlogged));

        Assert.Equal("the export holds no settlement.close entry naming this statement's digest (export the log after the close)", result.Failure);
    }

    [Fact]
    public void Verify_SignedByAnotherKey_IsRefused()
    {
        using var stranger = SignatureSuites.Ed25519.GenerateKey();
        var forged = SettlementStatements.Create(_november.Body, stranger);

        Assert.StartsWith("the statement: ", Refusal(forged), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AlteredExport_IsRefusedBeforeAnyRecomputation()
    {
        var entries = Path.Combine(_export, DataSpace.Crypto.Audit.LogExport.EntriesFile);
        File.WriteAllText(entries, File.ReadAllText(entries).Replace("12345", "12346", StringComparison.Ordinal));

        Assert.StartsWith("the log export does not verify", Refusal(_november), StringComparison.Ordinal);
    }
}
