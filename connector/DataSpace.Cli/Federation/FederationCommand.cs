using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Cli.Client;
using DataSpace.Connector.Federation;
using DataSpace.Crypto.Statements;

namespace DataSpace.Cli.Federation;

/// <summary>
/// <c>dsc federation submit|status</c> (docs/federation.md, docs/cli.md): the operator signs one federation request,
/// submits it to every participant, brings each the participants' key set, and follows the federation.
/// </summary>
internal static class FederationCommand
{
    public static Command Create()
    {
        var command = new Command("federation", "Run one analysis plan over several suppliers' connectors with secure aggregation (operator)");
        command.Subcommands.Add(CreateSubmit());
        command.Subcommands.Add(CreateStatus());
        return command;
    }

    private static Command CreateSubmit()
    {
        var key = new Option<string?>("--key") { Description = $"Your private key file, the operator on every participant's trust list (default: ${ConnectionOptions.KeyVariable})" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON on stdout" };
        var file = new Argument<FileInfo>("request") { Description = "The federation request body (docs/federation.md, \"The request\"), JSON; expires defaults to 24 hours from now" };
        var command = new Command("submit", "Sign the federation request, submit it to every participant and bring each the participants' key set") { file, key, json };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var path = parse.GetValue(file)!.FullName;
            JsonObject body;
            try
            {
                body = JsonNode.Parse(await File.ReadAllTextAsync(path, token)) as JsonObject ?? throw new JsonException("not a JSON object");
            }
            catch (JsonException e)
            {
                throw new CliInputException($"{path}: not a federation request: {e.Message}");
            }

            body["expires"] ??= DateTimeOffset.UtcNow.AddHours(24).ToString("O", CultureInfo.InvariantCulture);
            var keyPath = parse.GetValue(key) is { Length: > 0 } given ? given
                : Environment.GetEnvironmentVariable(ConnectionOptions.KeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
                : throw new CliUsageException($"give --key, your private key (or {ConnectionOptions.KeyVariable})");
            using var signing = DataSpace.Crypto.Signatures.KeyFiles.LoadSigningKey(Path.GetFullPath(keyPath));
            var statement = SignedStatement.Sign(FederationRequest.Type, body, signing);
            var request = FederationRequest.TryRead(statement, out var problem) ?? throw new CliInputException($"{path}: {problem}");

            var keys = new JsonArray();
            var jobs = new List<(FederationParticipant Participant, string Job, string State)>();
            foreach (var participant in request.Participants)
            {
                var answer = await PostAsync(participant, signing, "/api/v1/federations", new { statement = JsonNode.Parse(statement.ToString()) }, "refused the request", jobs, token);
                jobs.Add((participant, answer.GetProperty("job").GetProperty("id").GetString()!, answer.GetProperty("job").GetProperty("state").GetString()!));
                keys.Add(JsonNode.Parse(answer.GetProperty("key").GetRawText()));
            }

            foreach (var participant in request.Participants)
            {
                await PostAsync(participant, signing, $"/api/v1/federations/{Uri.EscapeDataString(request.FederationId)}/keys", new { keys = keys.DeepClone() },
                    "refused the key set", jobs, token);
            }

            var aggregator = jobs.Single(j => j.Participant.Connector == request.Aggregator);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    federation = request.FederationId,
                    request = request.Digest,
                    aggregator = new { connector = aggregator.Participant.Connector, url = aggregator.Participant.Url, job = aggregator.Job },
                    participants = jobs.Select(j => new { connector = j.Participant.Connector, url = j.Participant.Url, job = j.Job, state = j.State }),
                }));
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"federation {request.FederationId}: {jobs.Count} participants took part; each supplier approves its job");
            foreach (var (participant, job, state) in jobs)
            {
                stdout.WriteLine($"  {participant.Url} (connector {participant.Connector}): job {job}: {state}{(participant.Connector == request.Aggregator ? " (aggregator)" : "")}");
            }

            stdout.WriteLine($"the result is job {aggregator.Job} at {aggregator.Participant.Url}: dsc job wait {aggregator.Job} --url {aggregator.Participant.Url}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// One call to a participant. Its refusal names the participant (several connectors answer one submission) and the
    /// jobs the participants already reached keep, which the operator aborts or lets expire (docs/cli.md).
    /// </summary>
    private static async Task<JsonElement> PostAsync(FederationParticipant participant, DataSpace.Crypto.Signatures.SigningKey signing, string path, object body,
        string what, List<(FederationParticipant Participant, string Job, string State)> reached, CancellationToken cancellationToken)
    {
        using var calls = new ConnectorCalls(participant.Url, signing);
        try
        {
            return await calls.PostJsonAsync(path, body, cancellationToken);
        }
        catch (ConnectorRefusedException e)
        {
            throw new CliInputException($"participant {participant.Url} (connector {participant.Connector}) {what}: {e.Message}; {Kept(reached)}");
        }
        catch (IOException e)
        {
            throw new IOException($"participant {participant.Url} (connector {participant.Connector}): {e.Message}; {Kept(reached)}", e);
        }
    }

    private static string Kept(List<(FederationParticipant Participant, string Job, string State)> reached) =>
        reached.Count == 0 ? "nothing was submitted" : "submitted jobs kept: " + string.Join(", ", reached.Select(r => $"{r.Job} at {r.Participant.Url}"));

    private static Command CreateStatus()
    {
        var connection = new ConnectionOptions();
        var federation = new Argument<string>("federation") { Description = "The federation's id" };
        var command = connection.AddTo(new Command("status", "A federation's state on one connector: its job, whether the key set is in, the vectors received (aggregator), why it was aborted") { federation });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var signing = connection.LoadKey(parse);
            using var calls = connection.Open(parse, signing);
            var view = await calls.GetJsonAsync($"/api/v1/federations/{Uri.EscapeDataString(parse.GetValue(federation)!)}", token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, view);
                return ExitCodes.Ok;
            }

            var from = view.TryGetProperty("vectorsFrom", out var vectors) && vectors.ValueKind == JsonValueKind.Array
                ? $"; vectors from {vectors.GetArrayLength()}: {string.Join(", ", vectors.EnumerateArray().Select(v => v.GetString()))}" : "";
            var aborted = view.GetProperty("abortedReason").GetString() is { } reason ? $"; aborted: {reason}" : "";
            stdout.WriteLine($"federation {view.GetProperty("federation").GetString()}: job {view.GetProperty("job").GetString()} {view.GetProperty("jobState").GetString()}" +
                $"{(view.GetProperty("aggregator").GetBoolean() ? " (aggregator)" : "")}; key set {(view.GetProperty("keysIn").GetBoolean() ? "in" : "not in yet")}{from}{aborted}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
