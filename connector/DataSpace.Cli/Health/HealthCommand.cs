using System.CommandLine;
using System.Text.Json;
using DataSpace.Cli.Client;

namespace DataSpace.Cli.Health;

/// <summary>
/// <c>dsc health [--url URL] [--live] [--json]</c>: asks a connector or gateway whether it is ready (or, with
/// <c>--live</c>, alive), for a container's HEALTHCHECK or a supervisor, with nothing but <c>dsc</c> itself (no curl).
/// Exit 0 healthy, 1 unhealthy (the endpoint answered, not healthy), 4 unreachable or no answer within the timeout.
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = $"The connector's or gateway's base address (default: ${ConnectionOptions.UrlVariable})" };
        var live = new Option<bool>("--live") { Description = "Ask /health/live (the process answers) instead of /health/ready (it can serve)" };
        var json = new Option<bool>("--json") { Description = "Print the endpoint's JSON answer on stdout" };
        var timeout = new Option<int>("--timeout") { Description = "Give up after this many seconds (default 5; exit 4)", DefaultValueFactory = _ => 5 };
        var command = new Command("health", "Ask a connector or gateway whether it is ready (or alive): exit 0 healthy, 1 unhealthy, 4 unreachable") { url, live, json, timeout };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var given = parse.GetValue(url) is { Length: > 0 } value ? value : Environment.GetEnvironmentVariable(ConnectionOptions.UrlVariable);
            var baseAddress = ConnectorCalls.ParseBaseAddress(given ?? throw new CliUsageException($"no address: give --url URL or set {ConnectionOptions.UrlVariable}"));
            var seconds = parse.GetValue(timeout);
            if (seconds is < 1 or > 300)
            {
                throw new CliUsageException($"--timeout {seconds}: give 1 to 300 seconds");
            }

            var path = parse.GetValue(live) ? "health/live" : "health/ready";
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(seconds) };
            HttpResponseMessage response;
            try
            {
                response = await client.GetAsync(path, token);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !token.IsCancellationRequested)
            {
                throw new IOException($"no answer from {new Uri(baseAddress, path)}: {e.Message}", e);
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(token);
                var status = TryStatus(body) ?? (response.IsSuccessStatusCode ? "Healthy" : "Unhealthy");
                if (parse.GetValue(json))
                {
                    stdout.WriteLine(body);
                }
                else
                {
                    stdout.WriteLine($"{new Uri(baseAddress, path)}: {status} ({(int)response.StatusCode})");
                }

                return response.IsSuccessStatusCode ? ExitCodes.Ok : ExitCodes.VerificationFailed;
            }
        }, cancellationToken));
        return command;
    }

    /// <summary>The <c>status</c> of a health answer, if it is one.</summary>
    private static string? TryStatus(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("status", out var status)
                ? status.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
