using System.CommandLine;
using System.Text.Json;
using DataSpace.Connector.Federation;
using DataSpace.Crypto.Signatures;
using DataSpace.Policy.Identifiers;

namespace DataSpace.Cli.Audit;

/// <summary>
/// <c>dsc audit federation FEDERATION --aggregator EXPORT=PUBFILE --participant EXPORT=PUBFILE... [--origin EXPORT=ORIGIN...] [--json]</c>
/// (docs/cli.md; docs/federation.md): checks offline, from the connectors' log exports and public keys alone, that the
/// aggregator's release of the federation combined exactly the masked vectors every participant logged.
/// </summary>
internal static class AuditFederationCommand
{
    public static Command Create()
    {
        var federation = new Argument<string>("federation") { Description = "The federation's id, as in the operator's request" };
        var aggregator = new Option<string>("--aggregator")
        {
            Description = "The aggregating connector's log export and public key, EXPORT=PUBFILE (it counts as a participant)", Required = true,
        };
        var participants = new Option<string[]>("--participant")
        {
            Description = "Each other participant's log export and public key, EXPORT=PUBFILE (repeat the option)", Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var origins = new Option<string[]>("--origin") { Description = "An export's log origin, EXPORT=ORIGIN, when not dataspace/<key id> (repeat the option)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("federation", "Check offline, from the connectors' log exports, that a federation's release combined exactly the vectors every participant logged")
        {
            federation, aggregator, participants, origins, json,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var id = parse.GetValue(federation)!;
            if (ResourceIds.Check(id, "federation") is { } badId)
            {
                throw new CliInputException(badId);
            }

            var originOf = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (folder, origin) in (parse.GetValue(origins) ?? []).Select(o => Split(o, "--origin", "EXPORT=ORIGIN")))
            {
                if (!originOf.TryAdd(Path.GetFullPath(folder), CommandErrors.CheckOrigin(origin)))
                {
                    throw new CliInputException($"--origin names {folder} twice");
                }
            }

            var aggregatorLog = Load(parse.GetValue(aggregator)!, "--aggregator", originOf);
            var participantLogs = parse.GetValue(participants)!.Select(p => Load(p, "--participant", originOf)).ToList();
            CheckDistinct([aggregatorLog, .. participantLogs]);
            var unused = originOf.Keys.Where(folder => participantLogs.Append(aggregatorLog).All(l => l.ExportFolder != folder)).ToList();
            if (unused.Count > 0)
            {
                throw new CliInputException($"--origin names {unused[0]}, which is not an export given with --aggregator or --participant");
            }

            var result = await Task.Run(() => FederationAudit.Audit(id, aggregatorLog, participantLogs, token), token);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    valid = result.IsValid, federation = id, releaseEntry = result.ReleaseEntry, participants = result.Participants, failures = result.Failures,
                }));
            }
            else if (result.IsValid)
            {
                stdout.WriteLine($"OK: federation {id} released at entry {result.ReleaseEntry} of the aggregator's log combined exactly the vectors of {result.Participants.Count} participants");
            }
            else
            {
                foreach (var failure in result.Failures)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"FAILED: {failure}");
                }
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        }, cancellationToken));
        return command;
    }

    /// <summary>An EXPORT=PUBFILE pair read: the folder must exist, the key file must hold a public (or private) key.</summary>
    private static FederationAuditLog Load(string pair, string option, Dictionary<string, string?> originOf)
    {
        var (folder, keyFile) = Split(pair, option, "EXPORT=PUBFILE");
        var export = Path.GetFullPath(folder);
        if (!Directory.Exists(export))
        {
            throw new CliInputException($"{option} {pair}: the export folder {export} does not exist");
        }

        return new FederationAuditLog(export, KeyFiles.LoadPublicKey(Path.GetFullPath(keyFile)), originOf.GetValueOrDefault(export));
    }

    /// <summary>Splits at the last '=' (an origin or a key file name holds none; a folder may).</summary>
    private static (string Left, string Right) Split(string pair, string option, string shape)
    {
        var at = pair.LastIndexOf('=');
        return at > 0 && at < pair.Length - 1 ? (pair[..at], pair[(at + 1)..]) : throw new CliUsageException($"{option} '{pair}' is not {shape}");
    }

    /// <summary>One export per connector: the same key twice is a mistake (the aggregator repeated with its own export is not).</summary>
    private static void CheckDistinct(IReadOnlyList<FederationAuditLog> logs)
    {
        for (var i = 0; i < logs.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (logs[i].Connector == logs[j].Connector && (logs[i].ExportFolder != logs[j].ExportFolder || logs[i].Origin != logs[j].Origin))
                {
                    throw new CliInputException($"connector {logs[i].Connector} is given twice, with exports {logs[j].ExportFolder} and {logs[i].ExportFolder}");
                }
            }
        }
    }
}
