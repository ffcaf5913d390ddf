using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DataSpace.Cli.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Cli.Tests.Serve;

/// <summary>
/// <c>dsc serve</c> as a child process on a copy of a stopped demo connector damaged while it was stopped
/// (docs/connector-service.md, "Start-up checks"): it refuses to start, exits non-zero with one message naming the
/// entry or file and what to do, and prints no stack trace; <c>--restore</c> starts beside a lost database.
/// </summary>
public sealed class ServeStartupCheckTests(DemoDataFixture demo) : IClassFixture<DemoDataFixture>, IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-serve-check-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_ByteFlippedInTheLogWhileStopped_ExitsOneNamingTheEntryAndFsck()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        DemoDataFixture.FlipByte(connector, DemoDataFixture.OffsetOf(connector, 5) + 40);
        var entries = await File.ReadAllBytesAsync(Path.Combine(connector, "log", "entries"));

        var (exitCode, output, error) = await ServeAsync(connector);

        Assert.Equal(ExitCodes.VerificationFailed, exitCode);
        Assert.StartsWith($"dsc: the connector cannot start: the transparency log in {Path.Combine(connector, "log")} failed verification: entry 5 ", error, StringComparison.Ordinal);
        Assert.Contains($"dsc audit fsck --data {connector}", error, StringComparison.Ordinal);
        NoStackTrace(output, error);
        Assert.Equal(entries, await File.ReadAllBytesAsync(Path.Combine(connector, "log", "entries")));
    }

    [Fact]
    public async Task Serve_LogTailCutWhileStopped_ExitsOneNamingTheLastSignedEntry()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        var entries = Path.Combine(connector, "log", "entries");
        var cut = new FileInfo(entries).Length - 7;
        using (var file = File.OpenHandle(entries, FileMode.Open, FileAccess.Write))
        {
            RandomAccess.SetLength(file, cut);
        }

        var (exitCode, output, error) = await ServeAsync(connector);

        Assert.Equal(ExitCodes.VerificationFailed, exitCode);
        Assert.Contains($"failed verification: entry {DemoDataFixture.Entries - 1} at byte offset", error, StringComparison.Ordinal);
        Assert.Contains("dsc audit fsck", error, StringComparison.Ordinal);
        NoStackTrace(output, error);
        Assert.Equal(cut, new FileInfo(entries).Length);
    }

    [Theory]
    [InlineData("deleted")]
    [InlineData("emptied")]
    public async Task Serve_DatabaseLostBesideTheLog_ExitsFourUntilRestoreIsGiven(string loss)
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        var database = Path.Combine(connector, "connector.db");
        File.Delete(database);
        if (loss == "emptied")
        {
            await File.WriteAllBytesAsync(database, []);
        }

        var (exitCode, output, error) = await ServeAsync(connector);

        Assert.Equal(ExitCodes.IoError, exitCode);
        Assert.StartsWith($"dsc: the connector cannot start: the database {database} is {(loss == "deleted" ? "missing" : "empty")} but the transparency log holds {DemoDataFixture.Entries} entries", error, StringComparison.Ordinal);
        Assert.Contains("--restore", error, StringComparison.Ordinal);
        NoStackTrace(output, error);
        Assert.Equal(loss == "emptied", File.Exists(database));

        var restored = await ServeUntilReadyAsync(connector, "--restore");
        Assert.True(restored.ExitCode == ExitCodes.Ok, restored.Error);
        Assert.Contains($"the log holds {DemoDataFixture.Entries} entries", restored.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DatabasePageDamagedWhileStopped_ExitsFourNamingTheFile()
    {
        var connector = demo.CopyConnector(Path.Combine(_directory, "connector"));
        var database = Path.Combine(connector, "connector.db");
        SqliteDamage.DamageTablePage(database, "datasets");

        var (exitCode, output, error) = await ServeAsync(connector);

        Assert.Equal(ExitCodes.IoError, exitCode);
        Assert.StartsWith($"dsc: the connector cannot start: the database {database} cannot be read:", error, StringComparison.Ordinal);
        NoStackTrace(output, error);
    }

    private static void NoStackTrace(string output, string error)
    {
        foreach (var text in (string[])[output, error])
        {
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs <c>dsc serve</c> on <paramref name="connector"/> until it exits by itself (it must, within a minute).</summary>
    private static async Task<(int ExitCode, string Output, string Error)> ServeAsync(string connector, params string[] more)
    {
        using var process = Start(connector, FreePort(), more);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs <c>dsc serve</c> until <c>/health/ready</c> answers 200, then stops it with SIGINT.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> ServeUntilReadyAsync(string connector, params string[] more)
    {
        var port = FreePort();
        using var process = Start(connector, port, more);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var started = Stopwatch.StartNew();
            while (!process.HasExited)
            {
                Assert.True(started.Elapsed < Bound, "dsc serve never became ready");
                try
                {
                    using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }

            if (!process.HasExited)
            {
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(Bound);
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (process.ExitCode, await output, await error);
    }

    private static Process Start(string connector, int port, string[] more)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "dsc.dll"), "serve", "--data", connector, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in more)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
