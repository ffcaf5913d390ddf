using System.CommandLine;
using System.Text;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;
using DataSpace.Connector.Hosting;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Results;

/// <summary>
/// <c>dsc result get JOB --out FILE|- [--force] [--connector-key PUBFILE] [--origin ORIGIN]</c> (data user): fetches
/// the sealed result, verifies its receipt and inclusion proof (<see cref="ResultCheck"/>), decrypts it with --key and
/// writes the plaintext; nothing is written unless every check passes (exit 1).
/// </summary>
internal static class ResultGetCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var job = new Argument<string>("JOB") { Description = "The job whose result to fetch" };
        var output = new Option<string>("--out") { Description = "Where to write the decrypted result; '-' for stdout", Required = true };
        var force = new Option<bool>("--force") { Description = "Overwrite --out if it exists" };
        var connectorKey = new Option<FileInfo?>("--connector-key") { Description = "The connector's public key (PEM), pinned; without it the key the connector serves is used, with a warning" };
        var origin = new Option<string?>("--origin") { Description = "The log's origin (default: the connector's; dataspace/<key id> with --connector-key)" };
        var command = connection.AddTo(new Command("get", "Fetch a released result, verify its receipt and inclusion proof, decrypt it with --key") { job, output, force, connectorKey, origin });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var jobId = parse.GetValue(job)!;
            var target = parse.GetValue(output)!;
            var toStdout = target == "-";
            var json = connection.IsJson(parse);
            if (toStdout && json)
            {
                throw new CliUsageException("--json prints the receipt summary on stdout; write the result to a file with --out FILE");
            }

            var path = toStdout ? null : Path.GetFullPath(target);
            if (path is not null && File.Exists(path) && !parse.GetValue(force))
            {
                throw new IOException($"{path}: file exists; refusing to overwrite it (use --force)");
            }

            var error = parse.InvocationConfiguration.Error;
            var givenOrigin = CommandErrors.CheckOrigin(parse.GetValue(origin));
            var pinned = parse.GetValue(connectorKey) is { } file ? KeyFiles.LoadPublicKey(file.FullName) : null;
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);

            PublicKey connector;
            string logOrigin;
            if (pinned is not null)
            {
                connector = pinned;
                logOrigin = givenOrigin ?? CheckpointNote.DefaultOrigin(pinned);
            }
            else
            {
                var identity = CliJson.Read<ConnectorIdentity>(await calls.GetJsonAsync("/api/v1/connector", token), "a connector identity");
                connector = ImportServedKey(identity.PublicKeyPem);
                logOrigin = givenOrigin ?? identity.LogOrigin;
                error.WriteLine($"dsc: warning: the connector's key was not pinned (--connector-key): trusting the key {connector.KeyId} it served itself");
            }

            var view = CliJson.Read<ResultView>(await calls.GetJsonAsync("/api/v1/results/" + Uri.EscapeDataString(jobId), token), "a result");
            var opened = ResultCheck.Open(view, jobId, connector, logOrigin, key);
            if (!opened.IsValid)
            {
                if (json)
                {
                    CliJson.Write(stdout, Summary(jobId, opened, pinned is not null, path, 0));
                }

                return CommandErrors.Report(error, $"result of job {jobId} rejected, nothing written: {opened.Failure}", ExitCodes.VerificationFailed);
            }

            var plaintext = opened.Plaintext!;
            if (path is null)
            {
                await WriteToStdoutAsync(stdout, plaintext, token);
            }
            else
            {
                await using var stream = new FileStream(path, parse.GetValue(force) ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None);
                await stream.WriteAsync(plaintext, token);
            }

            var summary = Summary(jobId, opened, pinned is not null, path, plaintext.Length);
            if (json)
            {
                CliJson.Write(stdout, summary);
            }
            else
            {
                WriteSummary(toStdout ? error : stdout, summary);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static PublicKey ImportServedKey(string pem)
    {
        try
        {
            return PublicKey.ImportPem(pem);
        }
        catch (KeyFormatException e)
        {
            throw new CliInputException("the connector serves a key that cannot be read: " + e.Message);
        }
    }

    /// <summary>The --json object of <c>dsc result get</c> (docs/cli.md).</summary>
    private static ResultSummary Summary(string jobId, OpenedResult opened, bool pinned, string? path, int bytes)
    {
        var content = opened.Receipt?.Content;
        return new ResultSummary(
            jobId, opened.IsValid, opened.Failure, pinned,
            content?.ModuleDigest, content?.AgreementId, content?.Datasets ?? [], content?.OutputDigest, content?.Recipient, content?.LogIndex,
            opened.Receipt?.Checkpoint?.Origin, opened.Receipt?.Checkpoint?.Size,
            opened.IsValid ? path ?? "-" : null, bytes, content?.Meter?.ToNode());
    }

    private static void WriteSummary(TextWriter writer, ResultSummary s)
    {
        writer.WriteLine($"result of job {s.Job}: receipt valid, inclusion proof valid{(s.ConnectorKeyPinned ? "" : " (connector key not pinned)")}");
        writer.WriteLine($"  module       {s.Module}");
        writer.WriteLine($"  agreement    {s.Agreement}");
        foreach (var dataset in s.Datasets)
        {
            writer.WriteLine($"  dataset      {dataset.Id} {dataset.Digest}");
        }

        writer.WriteLine($"  output       {s.Output}, sealed to key {s.Recipient}");
        writer.WriteLine($"  log          entry {s.LogIndex} of {s.CheckpointOrigin}, checkpoint size {s.CheckpointSize}");
        writer.WriteLine($"  written      {s.Bytes} bytes to {(s.Out == "-" ? "stdout" : s.Out)}");
        foreach (var line in Jobs.MeterText.Lines(s.Meter))
        {
            writer.WriteLine(line);
        }
    }

    private static async Task WriteToStdoutAsync(TextWriter stdout, byte[] plaintext, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(stdout, Console.Out))
        {
            // The process's stdout: the exact bytes, whatever the result's format.
            await stdout.FlushAsync(cancellationToken);
            await using var raw = Console.OpenStandardOutput();
            await raw.WriteAsync(plaintext, cancellationToken);
            await raw.FlushAsync(cancellationToken);
        }
        else
        {
            await stdout.WriteAsync(Encoding.UTF8.GetString(plaintext));
        }
    }
}
