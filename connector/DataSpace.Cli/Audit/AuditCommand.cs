using System.CommandLine;
using DataSpace.Cli.Client;
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
        var command = new Command("audit", "Verify and export the connector's signed access log; read its checkpoint and disclosure report; check its files (fsck); check a federation's release across connectors' exports");
        command.Subcommands.Add(AuditVerifyCommand.Create());
        command.Subcommands.Add(CreateExport());
        command.Subcommands.Add(AuditCheckpointCommand.Create());
        command.Subcommands.Add(AuditDisclosureCommand.Create());
        command.Subcommands.Add(AuditFsckCommand.Create());
        command.Subcommands.Add(AuditFederationCommand.Create());
        return command;
    }

    private static Command CreateExport()
    {
        var log = new Option<DirectoryInfo>("--log") { Description = "The log directory (the connector's data directory/log)", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "The connector's private key, to sign the checkpoint", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "An empty folder for the export", Required = true };
        var origin = new Option<string?>("--origin") { Description = "The log's origin (default: dataspace/<key id>)" };
        var json = new Option<bool>("--json") { Description = "Print {origin, size, out} as JSON" };
        var command = new Command("export", "Sign a checkpoint of a log directory (not in use by a running connector) and export it")
        {
            log, key, output, origin, json,
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
            if (parse.GetValue(json))
            {
                CliJson.Write(stdout, new { origin = name, size = signed.Checkpoint.Size, @out = parse.GetValue(output)!.FullName });
            }
            else
            {
                stdout.WriteLine($"exported {signed.Checkpoint.Size} entries of {name} to {parse.GetValue(output)!.FullName}");
            }
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
