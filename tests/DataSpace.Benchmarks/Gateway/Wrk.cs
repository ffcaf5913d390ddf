using System.Diagnostics;
using System.Globalization;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>Runs Debian's wrk with <c>signed-requests.lua</c> (or another script of <c>Gateway/</c> printing the same RESULT line) and reads that line.</summary>
internal static class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors, long Wrapped);

    public static async Task<Result> RunAsync(Uri target, string requestPrefix, int threads, int connections, TimeSpan duration, double delayMs = 0, string script = "signed-requests.lua")
    {
        script = Path.Combine(AppContext.BaseDirectory, "Gateway", script);
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
            "--timeout", "10s",
            "-s", script,
            target.ToString(),
            "--", requestPrefix, delayMs.ToString("0.###", CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start wrk (apt-get install wrk)");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {text}{await error}");
        var values = line[7..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return new Result(
            values["requests"] / (values["duration_us"] / 1e6),
            values["p50_us"] / 1000.0,
            values["p90_us"] / 1000.0,
            values["p99_us"] / 1000.0,
            values["requests"],
            values["non2xx"],
            values["socket_errors"],
            values["wrapped"]);
    }
}
