using System.CommandLine;
using System.Text.Json;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Audit;

/// <summary><c>dsc audit</c>: the auditor's verbs over the signed access log.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Verify and export the connector's signed access log");
        command.Subcommands.Add(CreateVerify());
        command.Subcommands.Add(CreateExport());
        return command;
    }

    private static Command CreateVerify()
    {
        var export = new Argument<string>("export") { Description = "A log export folder (checkpoint and entries.jsonl), or a connector's URL to download it from" };
        var key = new Option<FileInfo>("--key") { Description = "The connector's public key (PEM)", Required = true };
        var state = new Option<FileInfo?>("--state") { Description = "The auditor's state file: the checkpoint seen last time, updated on success" };
        var origin = new Option<string?>("--origin") { Description = "The log's origin (default: dataspace/<key id>)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var signAs = new Option<FileInfo?>("--as") { Description = "With a URL: your private key (an auditor or the supplier on the connector's trust list) to sign the download" };
        var command = new Command("verify", "Verify a log export offline, or download it from a connector first: every entry, the signed root, and consistency with the last run")
        {
            export, key, state, origin, json, signAs,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (output, token) =>
        {
            var publicKey = KeyFiles.LoadPublicKey(parse.GetValue(key)!.FullName);
            var source = parse.GetValue(export)!;
            string? downloaded = null;
            if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                var signer = parse.GetValue(signAs) ?? throw new CliInputException("verifying from a URL needs --as, your private key on the connector's trust list");
                using var signing = KeyFiles.LoadSigningKey(signer.FullName);
                using var client = new HttpClient(new Connector.Http.SigningHandler(signing)) { BaseAddress = Catalog.ConnectorCalls.BaseAddress(source), Timeout = TimeSpan.FromMinutes(10) };
                var zip = await Catalog.ConnectorCalls.GetBytesAsync(client, "/api/v1/audit/export", parse.InvocationConfiguration.Error, token);
                if (zip is null)
                {
                    return ExitCodes.InputError;
                }

                downloaded = Directory.CreateTempSubdirectory("dsc-audit-").FullName;
                System.IO.Compression.ZipFile.ExtractToDirectory(new MemoryStream(zip), downloaded);
            }

            VerificationResult result;
            try
            {
                result = LogExportVerifier.Verify(downloaded ?? Path.GetFullPath(source), publicKey, CommandErrors.CheckOrigin(parse.GetValue(origin)), parse.GetValue(state)?.FullName);
            }
            finally
            {
                if (downloaded is not null)
                {
                    Directory.Delete(downloaded, recursive: true);
                }
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    valid = result.IsValid,
                    failure = result.Failure.ToString(),
                    detail = result.Detail,
                    entryIndex = result.EntryIndex,
                    entries = result.EntriesVerified,
                    origin = result.Checkpoint?.Origin,
                    size = result.Checkpoint?.Size,
                    root = result.Checkpoint is null ? null : Convert.ToBase64String(result.Checkpoint.RootHash.Span),
                }));
            }
            else if (result.IsValid)
            {
                output.WriteLine($"OK: {result.Detail} (origin {result.Checkpoint!.Origin}, size {result.Checkpoint.Size})");
            }
            else
            {
                parse.InvocationConfiguration.Error.WriteLine($"FAILED ({result.Failure}): {result.Detail}");
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        }, cancellationToken));
        return command;
    }

    private static Command CreateExport()
    {
        var log = new Option<DirectoryInfo>("--log") { Description = "The log directory (the connector's data directory/log)", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "The connector's private key, to sign the checkpoint", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "An empty folder for the export", Required = true };
        var origin = new Option<string?>("--origin") { Description = "The log's origin (default: dataspace/<key id>)" };
        var command = new Command("export", "Sign a checkpoint of a log directory (not in use by a running connector) and export it")
        {
            log, key, output, origin,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, _) =>
        {
            using var signingKey = KeyFiles.LoadSigningKey(parse.GetValue(key)!.FullName);
            var directory = parse.GetValue(log)!.FullName;
            if (!File.Exists(Path.Combine(directory, "log.json")))
            {
                throw new CliInputException($"{directory} is not a log directory (it has no log.json)");
            }

            await using var opened = TransparencyLog.Open(new LogOptions { Directory = directory, Digest = signingKey.Suite.Digest });
            var name = CommandErrors.CheckOrigin(parse.GetValue(origin)) ?? CheckpointNote.DefaultOrigin(signingKey.PublicKey);
            await using var checkpointer = new Checkpointer(opened, signingKey, name, Path.Combine(directory, "checkpoint"), TimeSpan.FromHours(1), TimeProvider.System);
            var signed = checkpointer.SignNow();
            LogExport.Write(opened, signed.Checkpoint, signed.Note, parse.GetValue(output)!.FullName);
            stdout.WriteLine($"exported {signed.Checkpoint.Size} entries of {name} to {parse.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
