using System.Diagnostics;
using DataSpace.Tests.Common;

namespace DataSpace.EndToEnd.Tests.Benchmarks;

/// <summary>
/// Issue 18's benchmarks run in CI, briefly (docs/benchmarks.md has the full runs and their figures): the shared log's
/// durable appends with one and three replicas, signed requests through <c>dsc gateway</c> to one and three
/// <c>dsc serve</c> replicas on it, and a module job split into tasks over a Parquet folder against DuckDB. These check that each benchmark runs to the end and reports every figure; they
/// assert no speed (performance targets live in the benchmarks, never in tests).
/// </summary>
public sealed class BenchmarkRunsTests
{
    private static string BenchmarkBinary()
    {
        // This test's output is tests/DataSpace.EndToEnd.Tests/bin/<configuration>/<framework>/; the benchmark's is beside it.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (output.Name, output.Parent!.Name);
        var binary = Path.Combine(Prerequisites.RepositoryRoot(), "tests", "DataSpace.Benchmarks", "bin", configuration, framework, "DataSpace.Benchmarks.dll");
        Assert.True(File.Exists(binary), $"{binary} is missing: build the solution (the test project references the benchmarks so that it is built first)");
        return binary;
    }

    private static async Task<string> RunAsync(TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(BenchmarkBinary());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the benchmark {string.Join(' ', arguments)} did not end within {limit}:\n{await output}\n{await error}");
        }

        Assert.True(process.ExitCode == 0, $"the benchmark {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }

    [Fact]
    public async Task SharedLog_OneAndThreeReplicas_ReportsTheDurableAppendsOfEach()
    {
        var output = await RunAsync(TimeSpan.FromMinutes(3), "shared-log", "0.3", "1", "16");

        Assert.Matches(@"shared log, 1 replica: +[\d,]+/s", output);
        Assert.Matches(@"shared log, 3 replicas: +[\d,]+/s", output);
    }

    [Fact]
    public async Task JobScan_ATinyFolder_EveryConfigurationReleasesWhatDuckDbComputes()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dsc-job-scan-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = await RunAsync(TimeSpan.FromMinutes(5), "job-scan", "20000", "4", folder);

            Assert.Contains("DuckDB", output, StringComparison.Ordinal);
            Assert.Contains("2 replicas", output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task GatewayReplicas_OneAndThreeReplicasBehindTheGateway_ReportsRequestsAndAppends()
    {
        Prerequisites.Ensure("wrk", "wrk");

        var output = await RunAsync(TimeSpan.FromMinutes(5), "gateway-replicas", "1", "1", "8", "3", "1");

        Assert.Contains("1 replica", output, StringComparison.Ordinal);
        Assert.Contains("3 replicas", output, StringComparison.Ordinal);
    }
}
