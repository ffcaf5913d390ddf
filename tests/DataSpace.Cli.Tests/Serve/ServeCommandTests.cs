using System.Net;
using System.Net.Sockets;
using DataSpace.Cli.Tests.Support;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Tests.Serve;

/// <summary>Runs <c>dsc serve</c> in-process on a free loopback port and stops it as Ctrl+C would.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_Started_BecomesReadyAndStopsOnCancel()
    {
        var data = Path.Combine(_directory, "connector");
        var port = FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var run = Dsc.RunAsync(stop.Token, "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--suite", "p256");
        await WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), run);
        await stop.CancelAsync();
        var result = await run;

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains($"listening on http://127.0.0.1:{port}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"data directory {data}", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("stopped" + Environment.NewLine, result.Output, StringComparison.Ordinal);
        using var key = KeyFiles.LoadSigningKey(Path.Combine(data, "keys", "connector.key"));
        Assert.Equal("p256", key.Suite.Name);
        Assert.Contains($"(p256 key {key.PublicKey.KeyId})", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnknownSuite_ExitsWithUsageAndCreatesNothing()
    {
        var data = Path.Combine(_directory, "connector");

        var result = await Dsc.RunAsync("serve", "--data", data, "--suite", "rsa");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unknown signature suite 'rsa'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task Serve_PortInUse_ExitsWithIoError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await Dsc.RunAsync("serve", "--data", Path.Combine(_directory, "connector"), "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.StartsWith("dsc: the connector cannot start:", result.Error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilReadyAsync(Uri ready, Task<CliResult> run)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (run.IsCompleted)
            {
                var result = await run;
                Assert.Fail($"dsc serve ended early with {result.ExitCode}: {result.Error}");
            }

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
