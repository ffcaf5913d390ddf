using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Audit;

/// <summary>
/// <c>dsc audit fsck</c> on copies of a stopped demo connector's data directory (docs/audit-log.md, "Start-up
/// verification and fsck"): it names the first bad entry, reports a torn tail, and <c>--repair</c> cuts a torn tail
/// but never a signed entry.
/// </summary>
public sealed class AuditFsckCommandTests(DemoDataFixture demo) : IClassFixture<DemoDataFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-fsck-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Entries(string connector) => Path.Combine(connector, "log", "entries");

    [Fact]
    public async Task Fsck_StoppedConnector_IsOk()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));

        var result = await Dsc.RunAsync("audit", "fsck", "--data", connector);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.StartsWith($"OK: {DemoDataFixture.Entries} entries verify", result.Output, StringComparison.Ordinal);
        Assert.Contains($"signed checkpoint at size {DemoDataFixture.Entries}", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fsck_ByteFlippedInASignedEntry_ExitsOneNamingTheEntryAndItsOffset()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        var offset = DemoDataFixture.OffsetOf(connector, 5);
        DemoDataFixture.FlipByte(connector, offset + 40);

        var result = await Dsc.RunAsync("audit", "fsck", "--data", connector);

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        Assert.StartsWith("FAILED (CorruptEntry): entry 5 at byte offset " + offset, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FsckJson_ByteFlippedInASignedEntry_NamesTheEntry()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        DemoDataFixture.FlipByte(connector, DemoDataFixture.OffsetOf(connector, 9) + 60);

        var result = await Dsc.RunAsync("audit", "fsck", "--data", connector, "--json");

        Assert.Equal(ExitCodes.VerificationFailed, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(9, json.RootElement.GetProperty("entryIndex").GetInt64());
        Assert.Equal("CorruptEntry", json.RootElement.GetProperty("failure").GetString());
    }

    [Fact]
    public async Task Fsck_TailCutInsideTheLastSignedEntry_FailsAndRepairLeavesTheFileAsItWas()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        var entries = Entries(connector);
        var cut = new FileInfo(entries).Length - 7;
        using (var file = File.OpenHandle(entries, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.SetLength(file, cut);
        }

        var checkedOnly = await Dsc.RunAsync("audit", "fsck", "--data", connector);
        var repair = await Dsc.RunAsync("audit", "fsck", "--data", connector, "--repair");

        Assert.Equal(ExitCodes.VerificationFailed, checkedOnly.ExitCode);
        Assert.Contains($"entry {DemoDataFixture.Entries - 1} at byte offset", checkedOnly.Error, StringComparison.Ordinal);
        Assert.Contains("not a torn tail", checkedOnly.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.VerificationFailed, repair.ExitCode);
        Assert.Contains("Not repaired", repair.Error, StringComparison.Ordinal);
        Assert.Equal(cut, new FileInfo(entries).Length);
    }

    [Fact]
    public async Task Fsck_TornTailAfterTheSignedEntries_IsReportedAndRepairCutsItOnly()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        var entries = Entries(connector);
        var signed = await File.ReadAllBytesAsync(entries);
        // An unfinished record: a header promising 500 bytes of leaf, and 20 of them.
        await using (var file = new FileStream(entries, FileMode.Append))
        {
            file.Write([0xF4, 0x01, 0x00, 0x00, .. new byte[20]]);
        }

        var found = await Dsc.RunAsync("audit", "fsck", "--data", connector);
        var repaired = await Dsc.RunAsync("audit", "fsck", "--data", connector, "--repair");
        var after = await Dsc.RunAsync("audit", "fsck", "--data", connector);

        Assert.Equal(ExitCodes.VerificationFailed, found.ExitCode);
        Assert.StartsWith($"TORN TAIL: 24 bytes at offset {signed.Length}", found.Error, StringComparison.Ordinal);
        Assert.True(repaired.ExitCode == ExitCodes.Ok, repaired.Output + repaired.Error);
        Assert.StartsWith($"REPAIRED: {DemoDataFixture.Entries} entries verify", repaired.Output, StringComparison.Ordinal);
        Assert.Equal(signed, await File.ReadAllBytesAsync(entries));
        Assert.Equal(ExitCodes.Ok, after.ExitCode);
    }

    [Fact]
    public async Task Fsck_WhileTheConnectorRuns_ExitsFourAskingToStopIt()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serve = Dsc.RunAsync(stop.Token, "serve", "--data", connector, "--urls", $"http://127.0.0.1:{port}");
        CliResult result;
        try
        {
            await WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), serve);
            result = await Dsc.RunAsync("audit", "fsck", "--data", connector);
        }
        finally
        {
            await stop.CancelAsync();
            await serve;
        }

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("is in use by a running connector: stop it first", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fsck_NotADataDirectory_ExitsWithInputError()
    {
        var result = await Dsc.RunAsync("audit", "fsck", "--data", _directory);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("has no log/ folder", result.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilReadyAsync(Uri ready, Task<CliResult> serve)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(serve.IsCompleted, "dsc serve ended early");
            try
            {
                using var response = await client.GetAsync(ready);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "dsc serve never became ready");
            await Task.Delay(100);
        }
    }
}
