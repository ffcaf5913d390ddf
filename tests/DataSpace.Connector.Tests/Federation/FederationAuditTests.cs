using DataSpace.Connector.Federation;
using DataSpace.Tests.Common;

namespace DataSpace.Connector.Tests.Federation;

/// <summary>
/// <see cref="FederationAudit"/> over real signed logs and exports of three connectors, participant 0 the aggregator
/// (issue 16, items 4 and 6): the release must have combined exactly the vectors every participant logged.
/// </summary>
public sealed class FederationAuditTests : IDisposable
{
    private readonly FederationLogs _logs = new(participants: 3);

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task Audit_EveryLogAgrees_IsValid()
    {
        await _logs.WriteAsync();

        var result = Audit();

        Assert.True(result.IsValid, result.Failure);
        Assert.Equal(3, result.ReleaseEntry);
        Assert.Equal(Enumerable.Range(0, 3).Select(_logs.KeyId).Order(StringComparer.Ordinal), result.Participants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Audit_ReleaseCombinedAnotherVector_NamesTheParticipantAndBothEntries()
    {
        _logs.Combined[_logs.KeyId(2)] = FederationLogs.Digest("a tampered masked vector");
        await _logs.WriteAsync();

        var result = Audit();

        Assert.False(result.IsValid);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(
            $"participant {_logs.KeyId(2)}: its log's contribution (entry 2) has vector {_logs.Vectors[2]}, the release (entry 3) combined {FederationLogs.Digest("a tampered masked vector")}",
            failure);
    }

    [Fact]
    public async Task Audit_ParticipantLoggedAnotherVector_IsRefused()
    {
        _logs.Vectors[1] = FederationLogs.Digest("what participant 1 really sent");
        await _logs.WriteAsync();

        var result = Audit();

        Assert.StartsWith($"participant {_logs.KeyId(1)}: its log's contribution (entry 2) has vector {_logs.Vectors[1]}", Assert.Single(result.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ParticipantMissingFromTheRelease_IsRefused()
    {
        _logs.Combined.Remove(_logs.KeyId(1));
        await _logs.WriteAsync();

        var result = Audit();

        Assert.Equal($"participant {_logs.KeyId(1)}: the release (entry 3) combined no vector of it", Assert.Single(result.Failures));
    }

    [Fact]
    public async Task Audit_AggregatorLeftOutItsOwnVector_IsRefused()
    {
        _logs.Combined.Remove(_logs.Aggregator);
        await _logs.WriteAsync();

        var result = Audit();

        Assert.Equal($"participant {_logs.Aggregator} (the aggregator): the release (entry 3) combined no vector of it", Assert.Single(result.Failures));
    }

    [Fact]
    public async Task Audit_VectorOfANonParticipant_IsRefused()
    {
        const string stranger = "0123456789abcdef0123456789abcdef";
        _logs.Combined[stranger] = FederationLogs.Digest("a vector from outside");
        await _logs.WriteAsync();

        var result = Audit();

        Assert.Equal(
            $"the release (entry 3) combined a vector of connector {stranger} ({FederationLogs.Digest("a vector from outside")}), which is not among the participants given",
            Assert.Single(result.Failures));
    }

    [Fact]
    public async Task Audit_ParticipantExportNotGiven_IsRefused()
    {
        await _logs.WriteAsync();

        var result = FederationAudit.Audit(FederationLogs.Federation, Log(0), [Log(1)]);

        Assert.Equal($"the release (entry 3) combined a vector of connector {_logs.KeyId(2)} ({_logs.Vectors[2]}), which is not among the participants given",
            Assert.Single(result.Failures));
    }

    [Fact]
    public async Task Audit_ReleaseStatesAnotherNumberOfParticipants_IsRefused()
    {
        _logs.StatedParticipants = "2";
        await _logs.WriteAsync();

        var result = Audit();

        Assert.Equal("the release (entry 3) states 2 participants but combined 3 vectors", Assert.Single(result.Failures));
    }

    [Fact]
    public async Task Audit_ContributionClosedByAnAbortedEntry_DidNotHappen()
    {
        _logs.AbortedContributions.Add(2);
        await _logs.WriteAsync();

        var result = Audit();

        Assert.Equal(
            $"participant {_logs.KeyId(2)}: its log holds no contribution of federation {FederationLogs.Federation} (the contribution at entry 2 was aborted: it did not happen)",
            Assert.Single(result.Failures));
    }

    [Fact]
    public async Task Audit_AlteredParticipantExport_IsRefusedBeforeItIsRead()
    {
        await _logs.WriteAsync();
        _logs.AlterExport(1);

        var result = Audit();

        Assert.False(result.IsValid);
        Assert.Null(result.ReleaseEntry);
        Assert.StartsWith($"participant {_logs.KeyId(1)}: its log export {_logs.ExportOf(1)} does not verify (EntryAltered): entry 2 was altered",
            Assert.Single(result.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ExportCheckedWithAnotherConnectorsKey_IsRefused()
    {
        await _logs.WriteAsync();
        using var stranger = DataSpace.Crypto.Signatures.SignatureSuites.Ed25519.GenerateKey();

        var result = FederationAudit.Audit(FederationLogs.Federation, Log(0), [Log(1), new FederationAuditLog(_logs.ExportOf(2), stranger.PublicKey)]);

        Assert.Contains(result.Failures, f => f.Contains("does not verify (BadCheckpoint)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_ReleaseOfAnotherFederationOnly_SaysNoRelease()
    {
        _logs.ReleasedFederation = "fed-another";
        await _logs.WriteAsync();

        var result = Audit();

        Assert.Equal($"the aggregator {_logs.Aggregator}: its log holds no release of federation {FederationLogs.Federation}", Assert.Single(result.Failures));
        Assert.Null(result.ReleaseEntry);
    }

    [Fact]
    public async Task Audit_ContributionForAnotherRequest_IsRefused()
    {
        await _logs.WriteAsync();
        var released = _logs.Request;
        using var other = new FederationLogs(participants: 3);
        other.Request = FederationLogs.Digest("another request");
        await other.WriteAsync();

        // Participant 1 of the other scenario logged a contribution to the same federation id, for another request and aggregator.
        var result = FederationAudit.Audit(FederationLogs.Federation, Log(0), [Log(1), new FederationAuditLog(other.ExportOf(1), other.PublicKey(1))]);

        var who = $"participant {other.KeyId(1)}: ";
        Assert.Contains($"{who}its contribution (entry 2) names aggregator {other.Aggregator}, not {_logs.Aggregator}", result.Failures);
        Assert.Contains($"{who}its contribution (entry 2) is for request {other.Request}, the release (entry 3) for {released}", result.Failures);
    }

    [Fact]
    public async Task Audit_SameConnectorWithTwoExports_Throws()
    {
        await _logs.WriteAsync();

        var thrown = Assert.Throws<ArgumentException>(() => FederationAudit.Audit(FederationLogs.Federation, Log(0), [new FederationAuditLog(_logs.ExportOf(1), _logs.PublicKey(0))]));

        Assert.Equal("participants", thrown.ParamName);
    }

    private FederationAuditResult Audit() =>
        FederationAudit.Audit(FederationLogs.Federation, Log(0), [.. Enumerable.Range(0, _logs.Count).Select(Log)]);

    private FederationAuditLog Log(int participant) => new(_logs.ExportOf(participant), _logs.PublicKey(participant));
}
