using System.Text.Json;
using DataSpace.Cli.Tests.Support;
using DataSpace.Crypto.Audit;

namespace DataSpace.Cli.Tests.Audit;

/// <summary>Runs <c>dsc demo</c> once to get a real log, then exports and verifies it through <c>dsc audit</c>.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-audit-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Data => Path.Combine(_directory, "data");

    private string PublicKey => Path.Combine(Data, "connector.key.pub");

    [Fact]
    public async Task AuditVerify_DemoExport_SucceedsAndKeepsState()
    {
        await RunDemo();
        var state = Path.Combine(_directory, "state.json");

        var result = await Dsc.RunAsync("audit", "verify", Path.Combine(Data, "export"), "--key", PublicKey, "--state", state);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("OK: 14 entries verify", result.Output, StringComparison.Ordinal);
        Assert.Equal(14, AuditorState.Load(state)!.Size);
    }

    [Fact]
    public async Task AuditVerify_TamperedExport_ExitsOneAndNamesTheEntry()
    {
        await RunDemo();

        var result = await Dsc.RunAsync("audit", "verify", Path.Combine(Data, "export-tampered"), "--key", PublicKey, "--json");

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(12, json.RootElement.GetProperty("entryIndex").GetInt64());
    }

    [Fact]
    public async Task AuditExport_LogDirectory_WritesAnExportThatVerifies()
    {
        await RunDemo();
        var export = Path.Combine(_directory, "again");

        var exported = await Dsc.RunAsync("audit", "export", "--log", Path.Combine(Data, "connector", "log"), "--key", Path.Combine(Data, "connector", "keys", "connector.key"), "--out", export, "--json");
        var verified = await Dsc.RunAsync("audit", "verify", export, "--key", PublicKey);

        Assert.True(exported.ExitCode == ExitCodes.Ok, exported.Output + exported.Error);
        using (var json = JsonDocument.Parse(exported.Output))
        {
            Assert.Equal(15, json.RootElement.GetProperty("size").GetInt64());
            Assert.Equal(export, json.RootElement.GetProperty("out").GetString());
        }

        Assert.Equal(ExitCodes.Ok, verified.ExitCode);
        Assert.Contains("15 entries", verified.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_BadKeyFile_ExitsWithInputError()
    {
        await RunDemo();
        var bad = Path.Combine(_directory, "bad.pem");
        File.WriteAllText(bad, "not a key");

        var result = await Dsc.RunAsync("audit", "verify", Path.Combine(Data, "export"), "--key", bad);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("bad.pem", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_BadOrigin_ExitsWithInputError()
    {
        await RunDemo();

        var result = await Dsc.RunAsync("audit", "verify", Path.Combine(Data, "export"), "--key", PublicKey, "--origin", "has space");

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("--origin", result.Error, StringComparison.Ordinal);
    }

    private async Task RunDemo()
    {
        var demo = await Dsc.RunAsync("demo", "--data", Data);
        Assert.True(demo.ExitCode == ExitCodes.Ok, demo.Output + demo.Error);
    }
}
