using System.Diagnostics;
using System.Text.Json;
using DataSpace.Benchmarks.Sandbox;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// The gateway as its operators run it: <c>dsc gateway --config FILE</c> in its own process, in front of the
/// connector, with a rate limit far above what the benchmark sends and its access log written to a file.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The gateway's process id, for its CPU time.</summary>
    public int ProcessId => _process.Id;

    public static Task<GatewayProcess> StartAsync(Uri connector, string secretFile, string scratch) =>
        StartAsync([connector], secretFile, scratch);

    /// <summary>A gateway balancing over <paramref name="connectors"/> (replicas of one connector), its files under <paramref name="scratch"/>/gateway.</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyList<Uri> connectors, string secretFile, string scratch)
    {
        var dsc = Path.Combine(Repository.Root, "connector", "DataSpace.Cli", "bin", "Release", "net10.0", "dsc.dll");
        if (!File.Exists(dsc))
        {
            throw new InvalidOperationException($"{dsc} is missing: build the solution first (dotnet build Connector.sln -c Release)");
        }

        var address = new Uri($"http://127.0.0.1:{NginxProxy.FreePort()}");
        var directory = Path.Combine(scratch, "gateway");
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "gateway.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new
        {
            Gateway = new
            {
                Urls = address.ToString().TrimEnd('/'),
                Connectors = connectors.Select(c => c.ToString().TrimEnd('/')).ToArray(),
                ConnectorSecretFile = secretFile,
                RateLimit = new { PermitsPerSecond = 1_000_000, Burst = 1_000_000 },
                // The access log on, as deployed (DSC_BENCH_GATEWAY_ACCESSLOG=false measures without it).
                Logging = new { Console = "None", File = Path.Combine(directory, "logs", "gateway-.json"), AccessLog = Environment.GetEnvironmentVariable("DSC_BENCH_GATEWAY_ACCESSLOG") != "false" },
            },
        }));
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dsc, "gateway", "--config", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dsc gateway");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => stderr.AppendLine(e.Data);
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var probe = new HttpClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"dsc gateway exited with {process.ExitCode}: {stderr}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(address, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return new GatewayProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"dsc gateway was not ready within 30 s: {stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
