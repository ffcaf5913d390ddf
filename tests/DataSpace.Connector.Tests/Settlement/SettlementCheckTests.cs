using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Settlement;

/// <summary>
/// Which of docs/metering.md's seven checks ("Verifying a statement") a refused statement failed
/// (<see cref="SettlementVerification.FailedCheck"/>): the console shows each check passed up to it, failed at it and
/// not reached after it, so each refusal must name the check it is, not only its reason.
/// </summary>
public sealed class SettlementCheckTests : IAsyncLifetime
{
    private SettlementLogBuilder _log = null!;
    private SignedStatement _november = null!;
    private string _export = null!;

    public async Task InitializeAsync()
    {
        _log = SettlementLogBuilder.Create();
        await _log.AgreeAsync("agr-1", SettlementLogBuilder.At("2026-10-20T09:00:00+08:00"));
        await _log.RunAsync("agr-1", "job-1", SettlementLogBuilder.At("2026-11-02T09:00:00+08:00"), 12_345);
        await _log.RunAsync("agr-1", "job-2", SettlementLogBuilder.At("2026-11-09T09:00:00+08:00"), 1_987_655);
        _november = Assert.Single(await _log.CloseAsync("2026-11", SettlementLogBuilder.At("2026-12-01T00:05:00+08:00")));
        _export = await _log.ExportAsync();
    }

    public async Task DisposeAsync() => await _log.DisposeAsync();

    private SettlementCheck? FailedCheck(SignedStatement statement) => Assert.Single(_log.Verify(_export, statement)).FailedCheck;

    [Fact]
    public void Verify_StatementAsClosed_FailsNoCheck()
    {
        var result = Assert.Single(_log.Verify(_export, _november));

        Assert.True(result.IsValid, result.Failure);
        Assert.Null(result.FailedCheck);
    }

    [Fact]
    public void Verify_AlteredExport_FailsTheExportCheck()
    {
        var entries = Path.Combine(_export, DataSpace.Crypto.Audit.LogExport.EntriesFile);
        File.WriteAllText(entries, File.ReadAllText(entries).Replace("12345", "12346", StringComparison.Ordinal));

        Assert.Equal(SettlementCheck.Export, FailedCheck(_november));
    }

    [Fact]
    public void Verify_SignedByAnotherKey_FailsTheSignatureCheck()
    {
        using var stranger = SignatureSuites.Ed25519.GenerateKey();

        Assert.Equal(SettlementCheck.Signature, FailedCheck(SettlementStatements.Create(_november.Body, stranger)));
    }

    [Fact]
    public void Verify_DroppedRun_FailsTheRunsCheck() =>
        Assert.Equal(SettlementCheck.Runs, FailedCheck(_log.Forge(_november, body => body["runs"]!.AsArray().RemoveAt(1))));

    [Fact]
    public void Verify_TamperedAmount_FailsTheAmountsCheck() =>
        Assert.Equal(SettlementCheck.Amounts, FailedCheck(_log.Forge(_november, body => body["chargedFen"] = 1L)));

    [Fact]
    public async Task Verify_StatementNeverLogged_FailsTheCloseEntryCheck()
    {
        await using var other = SettlementLogBuilder.Create();
        await other.AgreeAsync("agr-1", SettlementLogBuilder.At("2026-10-20T09:00:00+08:00"));
        await other.RunAsync("agr-1", "job-1", SettlementLogBuilder.At("2026-11-02T09:00:00+08:00"), 12_345);
        var unlogged = Assert.Single(other.Unlogged("2026-11"));

        Assert.Equal(SettlementCheck.CloseEntry, Assert.Single(other.Verify(await other.ExportAsync(), unlogged)).FailedCheck);
    }
}
