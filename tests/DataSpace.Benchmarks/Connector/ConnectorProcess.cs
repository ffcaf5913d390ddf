using System.Diagnostics;
using DataSpace.Benchmarks.Gateway;
using DataSpace.Benchmarks.Sandbox;
using DataSpace.Tests.Common;

namespace DataSpace.Benchmarks.Connector;

/// <summary>The connector as its operators run it: <c>dsc serve --data DIR --urls URL</c> in its own process, console logging off.</summary>
internal sealed class ConnectorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ConnectorProcess(Process process, Uri address, string dataDirectory)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// The time a replica's runtime has spent compiling methods, from its Prometheus scrape: <c>dotnet.jit.compilation.time</c>
    /// of the <c>System.Runtime</c> meter. Throws when the scrape has none, rather than reading it as no compiling.
    /// </summary>
    public static double JitSeconds(PrometheusScrape scrape)
    {
        const string Name = "dotnet_jit_compilation_time_seconds_total";
        ArgumentNullException.ThrowIfNull(scrape);
        return scrape.Find(Name).Any()
            ? scrape.Sum(Name)
            : throw new InvalidOperationException($"the replica exports no {Name} (is the System.Runtime meter still exported?)");
    }

    /// <summary>Starts <c>dsc serve</c> on <paramref name="scratch"/>/connector, with <paramref name="settings"/> as <c>Connector:*</c> keys (<c>DSC_Connector__*</c> variables).</summary>
    public static async Task<ConnectorProcess> StartAsync(string scratch, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dsc = Path.Combine(Repository.Root, "connector", "DataSpace.Cli", "bin", "Release", "net10.0", "dsc.dll");
        if (!File.Exists(dsc))
        {
            throw new InvalidOperationException($"{dsc} is missing: build the solution first (dotnet build Connector.sln -c Release)");
        }

        var address = new Uri($"http://127.0.0.1:{NginxProxy.FreePort()}");
        var data = Path.Combine(scratch, "connector");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { dsc, "serve", "--data", data, "--urls", address.ToString().TrimEnd('/') })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DSC_Connector__Logging__Console"] = "None";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment["DSC_Connector__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dsc serve");
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
                throw new InvalidOperationException($"dsc serve exited with {process.ExitCode}: {stderr}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(address, "/health/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return new ConnectorProcess(process, address, data);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"dsc serve was not ready within 30 s: {stderr}");
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
