using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// <c>dsc job source ID [--out FILE]</c> (supplier): the C source a module job was submitted with, for review
/// (docs/module-review.md): printed escaped under a header with the module's and the source's digests, or its exact
/// text written to a new FILE. The digest is checked against the text first (a mismatch is exit 1).
/// </summary>
internal static class JobSourceCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var output = new Option<string?>("--out") { Description = "Write the exact source to this new file instead of printing it escaped" };
        var command = connection.AddTo(new Command("source", "Print the C source a module job was submitted with, escaped, or save it (supplier)") { id, output });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var answer = await calls.GetJsonAsync($"/api/v1/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/source", token);
            var view = CliJson.Read<JobSourceView>(answer, "a job's source");
            var bytes = Encoding.UTF8.GetBytes(view.Source);
            if (DigestOf(bytes) != view.SourceDigest)
            {
                return CommandErrors.Report(parse.InvocationConfiguration.Error,
                    $"the source of job {SafeText.Escape(view.JobId)} does not match its digest {SafeText.Escape(view.SourceDigest)}", ExitCodes.VerificationFailed);
            }

            if (parse.GetValue(output) is { } file)
            {
                var path = Path.GetFullPath(file);
                await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    await stream.WriteAsync(bytes, token);
                }

                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote the {bytes.Length} bytes of the source of job {SafeText.Escape(view.JobId)} ({SafeText.Escape(view.SourceDigest)}) to {SafeText.Escape(path)}"));
            }
            else if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
            }
            else
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"job {SafeText.Escape(view.JobId)}: module {SafeText.Escape(view.ModuleDigest)}, source {SafeText.Escape(view.SourceDigest)} ({bytes.Length:N0} bytes, {SafeText.Escape(view.Language)})"));
                stdout.WriteLine(@"--- source, escaped (\\ is a backslash; \xNN, \uNNNN a character the connector should have refused) ---");
                var text = SafeText.Escape(bytes);
                stdout.Write(text);
                if (text.Length > 0 && text[^1] != '\n')
                {
                    stdout.WriteLine();
                }

                stdout.WriteLine("--- end of source; dsc job verify-build checks that it builds to the module ---");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary><c>sha256:</c> and the lowercase hex SHA-256 of <paramref name="bytes"/>, as the connector writes digests.</summary>
    internal static string DigestOf(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
