using System.CommandLine;
using DataSpace.Cli.Client;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Audit;

/// <summary>
/// <c>dsc audit checkpoint --url URL [--connector-key PUBFILE [--origin O]] [--json]</c>: the connector's current
/// signed checkpoint (a public endpoint: no key needed), verified when the connector's public key is given.
/// </summary>
internal static class AuditCheckpointCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var connectorKey = new Option<FileInfo?>("--connector-key") { Description = "The connector's public key (PEM): verify the checkpoint's signature and origin" };
        var origin = new Option<string?>("--origin") { Description = "With --connector-key: the log's origin (default: dataspace/<key id>)" };
        var command = connection.AddTo(new Command("checkpoint", "Print the connector's current signed checkpoint (C2SP tlog-checkpoint note)") { connectorKey, origin }, withKey: false);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var pinned = parse.GetValue(connectorKey) is { } file ? KeyFiles.LoadPublicKey(file.FullName) : null;
            var checkedOrigin = CommandErrors.CheckOrigin(parse.GetValue(origin));
            string note;
            using (var calls = connection.OpenPublic(parse))
            {
                note = await calls.GetTextAsync("/api/v1/audit/checkpoint", token);
            }

            Checkpoint? checkpoint;
            if (pinned is not null)
            {
                if (!CheckpointNote.TryOpen(note, pinned, checkedOrigin ?? CheckpointNote.DefaultOrigin(pinned), out checkpoint, out var error))
                {
                    return CommandErrors.Report(parse.InvocationConfiguration.Error, $"the checkpoint does not verify with {pinned.KeyId}: {error}", ExitCodes.VerificationFailed);
                }
            }
            else
            {
                var end = note.IndexOf("\n\n", StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new CliInputException("the connector's checkpoint is not a signed note: no blank line before the signatures");
                }

                if (!Checkpoint.TryParse(note[..(end + 1)], out checkpoint, out var error))
                {
                    throw new CliInputException("the connector's checkpoint is not a signed note: " + error);
                }
            }

            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, new
                {
                    origin = checkpoint!.Origin,
                    size = checkpoint.Size,
                    root = Convert.ToBase64String(checkpoint.RootHash.Span),
                    verified = pinned is not null,
                    note,
                });
            }
            else
            {
                stdout.Write(note);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
