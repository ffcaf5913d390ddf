using System.Text.Json;
using DataSpace.Cli.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Cli.Tests.Audit;

/// <summary>
/// <c>dsc audit federation</c>'s exit codes (docs/cli.md) over real signed exports of three connectors: 0 when the
/// release combined every logged vector, 1 naming the participant when one was tampered with, 3 naming an unusable key file.
/// </summary>
public sealed class AuditFederationCommandTests : IDisposable
{
    private readonly FederationLogs _logs = new(participants: 3);

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task AuditFederation_EveryLogAgrees_ExitsZero()
    {
        await _logs.WriteAsync();

        var result = await Dsc.RunAsync(Arguments());

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.Equal(
            $"OK: federation {FederationLogs.Federation} released at entry 3 of the aggregator's log combined exactly the vectors of 3 participants",
            result.Output.TrimEnd());
    }

    [Fact]
    public async Task AuditFederation_AggregatorRepeatedAsParticipant_CountsItOnce()
    {
        await _logs.WriteAsync();

        var result = await Dsc.RunAsync([.. Arguments(), "--participant", Pair(0), "--json"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("participants").GetArrayLength());
        Assert.Equal(3, json.RootElement.GetProperty("releaseEntry").GetInt64());
    }

    [Fact]
    public async Task AuditFederation_TamperedVector_ExitsOneNamingTheParticipant()
    {
        _logs.Combined[_logs.KeyId(1)] = FederationLogs.Digest("a tampered masked vector");
        await _logs.WriteAsync();

        var result = await Dsc.RunAsync(Arguments());

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.StartsWith($"FAILED: participant {_logs.KeyId(1)}: its log's contribution (entry 2) has vector {_logs.Vectors[1]}, the release (entry 3) combined ",
            result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task AuditFederation_UnreadableKeyFile_IsAnInputErrorNamingTheFile()
    {
        await _logs.WriteAsync();
        var bad = Path.Combine(_logs.Folder, "bad.pem");
        await File.WriteAllTextAsync(bad, "not a key");

        var result = await Dsc.RunAsync("audit", "federation", FederationLogs.Federation, "--aggregator", Pair(0), "--participant", $"{_logs.ExportOf(1)}={bad}");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("bad.pem", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditFederation_PairWithoutKey_IsAUsageError()
    {
        await _logs.WriteAsync();

        var result = await Dsc.RunAsync("audit", "federation", FederationLogs.Federation, "--aggregator", Pair(0), "--participant", _logs.ExportOf(1));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not EXPORT=PUBFILE", result.Error, StringComparison.Ordinal);
    }

    private string[] Arguments() =>
        ["audit", "federation", FederationLogs.Federation, "--aggregator", Pair(0), "--participant", Pair(1), "--participant", Pair(2)];

    private string Pair(int participant) => $"{_logs.ExportOf(participant)}={_logs.PublicKeyFileOf(participant)}";
}
