using System.CommandLine;
using System.Text.Json;
using DataSpace.Cli.Output;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Audit;

/// <summary>
/// <c>dsc audit fsck --data DIR [--key PUBFILE] [--repair] [--json]</c>: checks a stopped connector's log files offline
/// (every record, the chain, the tree against the signed checkpoint, its signature; docs/audit-log.md, "Start-up
/// verification and fsck") and names the first bad entry; <c>--repair</c> cuts a torn tail, never a signed entry.
/// </summary>
internal static class AuditFsckCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The connector's data directory, whose log/ is checked (the connector must be stopped)", Required = true };
        var key = new Option<FileInfo?>("--key") { Description = "The connector's public key, to verify the checkpoint's signature (default: DIR/keys/connector.key.pub)" };
        var repair = new Option<bool>("--repair")
        {
            Description = "Cut a torn tail (an incomplete batch after every acknowledged entry) and rebuild stale derived files; never cuts a signed entry",
        };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("fsck", "Check a stopped connector's log files: records, chain, tree and checkpoint; name the first bad entry; cut a torn tail with --repair")
        {
            data, key, repair, json,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (output, token) =>
        {
            var root = parse.GetValue(data)!.FullName;
            var logDirectory = Path.Combine(root, "log");
            if (!Directory.Exists(logDirectory))
            {
                throw new CliInputException($"{root} is not a connector's data directory: it has no log/ folder");
            }

            var keyFile = parse.GetValue(key)?.FullName ?? Path.Combine(root, "keys", "connector.key.pub");
            var publicKey = parse.GetValue(key) is not null || File.Exists(keyFile) ? KeyFiles.LoadPublicKey(keyFile) : null;
            var repairing = parse.GetValue(repair);
            var asJson = parse.GetValue(json);
            // The index (derived, one offset an entry) sizes the progress bar; the check itself trusts only the entries.
            var index = new FileInfo(Path.Combine(logDirectory, "index"));
            var expected = index.Exists ? index.Length / 8 : 0;
            var result = await CliConsole.WithProgressAsync(CliConsole.Progress(parse, asJson), "checking entries", expected, progress => repairing
                ? LogCheck.RepairAsync(logDirectory, publicKey, progress, token)
                : Task.Run(() => LogCheck.Run(logDirectory, publicKey, progress, token), token));
            var repaired = repairing && result.IsValid;
            var clean = result.IsValid && result.TornBytes == 0;
            if (asJson)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    valid = clean,
                    failure = result.Failure.ToString(),
                    detail = result.Detail,
                    entryIndex = result.EntryIndex,
                    offset = result.Offset,
                    entries = result.Entries,
                    checkpointSize = result.Checkpoint?.Size,
                    checkpointSignatureChecked = result.CheckpointSignatureChecked,
                    protectedSize = result.ProtectedSize,
                    tornBytes = result.TornBytes,
                    derivedFilesStale = result.DerivedFilesStale,
                    repaired,
                }));
            }
            else if (clean)
            {
                output.WriteLine($"{(repaired ? "REPAIRED" : "OK")}: {result.Detail}"
                    + (publicKey is null && result.Checkpoint is not null ? $" (the checkpoint's signature was not checked: no {keyFile})" : ""));
            }
            else if (result.IsValid)
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"TORN TAIL: {result.TornBytes} bytes at offset {result.TornOffset} of {Path.Combine(logDirectory, "entries")}, after entry {result.Entries - 1} "
                    + $"and beyond every acknowledged entry ({result.ProtectedSize}): an incomplete batch never acknowledged. "
                    + "'dsc audit fsck --repair' cuts it (the connector also cuts it when it starts)");
            }
            else
            {
                parse.InvocationConfiguration.Error.WriteLine($"FAILED ({result.Failure}): {result.Detail}"
                    + (repairing ? ". Not repaired: fsck cuts only a torn tail after every acknowledged entry, never a signed one; restore the log from a backup" : ""));
            }

            return clean ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        }, cancellationToken));
        return command;
    }
}
