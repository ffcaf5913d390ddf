using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Audit;

/// <summary>
/// <c>dsc audit verify EXPORT|URL --key PUBFILE [--as KEY] [--keep DIR] [--state FILE] [--origin O] [--json]</c>: verifies
/// a log export offline, after downloading it from a connector when given a URL (kept in DIR with <c>--keep</c>, for
/// <c>dsc settlement verify</c> or a later look); a progress bar over the entries on a terminal.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create()
    {
        var export = new Argument<string>("export") { Description = "A log export folder (checkpoint and entries.jsonl), or a connector's URL to download it from" };
        var key = new Option<FileInfo>("--key") { Description = "The connector's public key (PEM)", Required = true };
        var state = new Option<FileInfo?>("--state") { Description = "The auditor's state file: the checkpoint seen last time, updated on success" };
        var origin = new Option<string?>("--origin") { Description = "The log's origin (default: dataspace/<key id>)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var signAs = new Option<string?>("--as") { Description = $"With a URL: your private key (an auditor or the supplier on the connector's trust list) to sign the download (default: ${ConnectionOptions.KeyVariable})" };
        var keep = new Option<DirectoryInfo?>("--keep") { Description = "With a URL: keep the downloaded export in this folder (new or empty), e.g. for dsc settlement verify" };
        var command = new Command("verify", "Verify a log export offline, or download it from a connector first: every entry, the signed root, and consistency with the last run")
        {
            export, key, state, origin, json, signAs, keep,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (output, token) =>
        {
            var publicKey = KeyFiles.LoadPublicKey(parse.GetValue(key)!.FullName);
            var checkedOrigin = CommandErrors.CheckOrigin(parse.GetValue(origin));
            var source = parse.GetValue(export)!;
            var fromUrl = source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            var kept = parse.GetValue(keep)?.FullName;
            if (kept is not null && !fromUrl)
            {
                throw new CliUsageException("--keep keeps a downloaded export: it needs a connector's URL, not a folder");
            }

            if (kept is not null && Directory.Exists(kept) && Directory.EnumerateFileSystemEntries(kept).Any())
            {
                throw new CliInputException($"--keep {kept}: the folder is not empty; name a new or empty folder");
            }

            string? downloaded = null;
            if (fromUrl)
            {
                var signer = parse.GetValue(signAs) is { Length: > 0 } given ? given
                    : Environment.GetEnvironmentVariable(ConnectionOptions.KeyVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
                    : throw new CliInputException($"verifying from a URL needs --as, your private key on the connector's trust list (or {ConnectionOptions.KeyVariable})");
                using var signing = KeyFiles.LoadSigningKey(Path.GetFullPath(signer));
                using var calls = new ConnectorCalls(ConnectorCalls.ParseBaseAddress(source), signing, TimeSpan.FromMinutes(10));
                var zip = await calls.GetBytesAsync("/api/v1/audit/export", token);
                downloaded = kept is null ? Directory.CreateTempSubdirectory("dsc-audit-").FullName : Directory.CreateDirectory(kept).FullName;
                ZipFile.ExtractToDirectory(new MemoryStream(zip), downloaded);
            }

            VerificationResult result;
            try
            {
                var folder = downloaded ?? Path.GetFullPath(source);
                var statePath = parse.GetValue(state)?.FullName;
                result = await CliConsole.WithProgressAsync(CliConsole.Progress(parse, parse.GetValue(json)), "verifying entries", EntriesClaimed(folder),
                    progress => Task.Run(() => LogExportVerifier.Verify(folder, publicKey, checkedOrigin, statePath, progress, token), token));
            }
            finally
            {
                if (downloaded is not null && kept is null)
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

    /// <summary>The size the export's checkpoint claims, read unverified, only to size the progress bar (0 when unreadable).</summary>
    private static long EntriesClaimed(string folder)
    {
        try
        {
            var note = File.ReadAllText(Path.Combine(folder, LogExport.CheckpointFile));
            var end = note.IndexOf("\n\n", StringComparison.Ordinal);
            return end > 0 && Checkpoint.TryParse(note[..(end + 1)], out var checkpoint, out _) ? checkpoint!.Size : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
