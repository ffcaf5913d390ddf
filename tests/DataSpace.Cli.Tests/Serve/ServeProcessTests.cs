using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataSpace.Cli.Tests.Serve;

/// <summary>Runs <c>dsc serve</c> as a child process and stops it with a real SIGINT, as Ctrl+C in a terminal does.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_Sigint_StopsGracefullyWithExitCode0()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // SIGINT is a Unix signal; the project builds and runs on Linux.
        }

        var port = FreePort();
        var data = Path.Combine(_directory, "connector");
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "dsc.dll"), "serve", "--data", data, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DSC_Connector__Logging__Console"] = "None" },
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), process);

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await error}");
        var stdout = await output;
        Assert.Contains($"listening on http://127.0.0.1:{port}", stdout, StringComparison.Ordinal);
        Assert.EndsWith("stopped" + Environment.NewLine, stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "log", "checkpoint")), "no checkpoint was signed on stop");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilReadyAsync(Uri ready, Process process)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, "dsc serve ended early");
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
