using System.CommandLine;
using System.Globalization;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// <c>dsc job review ID [--raw FILE | --release | --refuse [--reason TEXT]]</c> (supplier): without a decision, prints
/// the custom output a job holds for review, escaped (<see cref="SafeText"/>), under a header with its size, entropy,
/// what was escaped and the leak check's verdict, never its raw bytes; <c>--raw FILE</c> writes the raw bytes to a new
/// file instead; with a decision, releases the output to the data user or refuses it.
/// </summary>
internal static class JobReviewCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var release = new Option<bool>("--release") { Description = "Release the held output to the data user (sealed, with a receipt)" };
        var refuse = new Option<bool>("--refuse") { Description = "Refuse the held output: the job ends without a result" };
        var reason = new Option<string?>("--reason") { Description = "With --refuse: why (recorded in the signed log)" };
        var raw = new Option<string?>("--raw") { Description = "Write the held output's raw bytes to this new file, for inspection, instead of printing it escaped" };
        var command = connection.AddTo(new Command("review", "Print the output a job holds for review, escaped, or release or refuse it (supplier)") { id, release, refuse, reason, raw });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var job = Uri.EscapeDataString(parse.GetValue(id)!);
            var (doRelease, doRefuse) = (parse.GetValue(release), parse.GetValue(refuse));
            if (doRelease && doRefuse)
            {
                throw new CliUsageException("give --release or --refuse, not both");
            }

            if (parse.GetValue(reason) is not null && !doRefuse)
            {
                throw new CliUsageException("--reason goes with --refuse");
            }

            var rawFile = parse.GetValue(raw);
            if (rawFile is not null && (doRelease || doRefuse))
            {
                throw new CliUsageException("--raw reads the held output; decide with --release or --refuse in another call");
            }

            if (rawFile is "-" or "")
            {
                throw new CliUsageException("--raw needs a file: the raw output is never written to the terminal");
            }

            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            if (!doRelease && !doRefuse)
            {
                var held = await calls.GetJsonAsync($"/api/v1/jobs/{job}/review", token);
                var view = CliJson.Read<HeldOutputView>(held, "held output");
                if (rawFile is not null)
                {
                    var path = Path.GetFullPath(rawFile);
                    var bytes = Convert.FromBase64String(view.Output);
                    await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    {
                        await stream.WriteAsync(bytes, token);
                    }

                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"wrote the {bytes.Length} raw bytes held by job {SafeText.Escape(view.JobId)} to {SafeText.Escape(path)}; inspect them with a hex viewer, not a terminal"));
                }
                else if (connection.IsJson(parse))
                {
                    CliJson.Write(stdout, held);
                }
                else
                {
                    WriteReview(stdout, view);
                }

                return ExitCodes.Ok;
            }

            var answer = await calls.PostJsonAsync($"/api/v1/jobs/{job}/review", new { release = doRelease, reason = parse.GetValue(reason) }, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
            }
            else
            {
                stdout.WriteLine(JobCommand.Line(CliJson.Read<JobView>(answer, "a job")));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The header and the preview. Everything printed is escaped: the preview and its figures are made here from the raw
    /// bytes with the connector's own <see cref="SafeText"/> (an answer is not trusted to be safe for the supplier's
    /// terminal), and every name beside it is escaped too.
    /// </summary>
    private static void WriteReview(TextWriter stdout, HeldOutputView view)
    {
        var bytes = Convert.FromBase64String(view.Output);
        var escaped = SafeText.Preview(bytes);
        var preview = escaped.Text;
        stdout.WriteLine($"job {SafeText.Escape(view.JobId)}: custom output held for review");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"size: {bytes.Length:N0} bytes; entropy: {SafeText.Entropy(bytes):0.00} bits per byte (plain text about 4 to 5, compressed or encrypted data near 8)"));
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"escaped below: {escaped.ControlCharacters} control characters ({escaped.EscapeSequences} escape sequences), {escaped.InvisibleCharacters} invisible characters, {escaped.InvalidUtf8Bytes} invalid UTF-8 bytes"));
        if (view.LeakCheck is not { } check)
        {
            stdout.WriteLine("leak check: passed (its verdict was not kept with this output)");
        }
        else
        {
            stdout.WriteLine($"leak check: {(check.Findings.Count == 0 ? "passed, no findings" : $"{check.Findings.Count} findings{(check.FindingsTruncated ? " (truncated)" : "")}")}; " +
                $"values of {Names(check.IdentifyingColumns, "no identifying columns")}; whole rows of {Names(check.RowColumns, "no columns")}");
            foreach (var finding in check.Findings)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {finding.Kind}{(finding.Column is null ? "" : $" column {SafeText.Escape(finding.Column)}")}{(finding.Row is { } row ? $" row {row}" : "")}"));
            }
        }

        stdout.WriteLine(@"--- output, escaped (\\ is a backslash; \xNN a control character or a byte that is not UTF-8; \uNNNN an invisible character) ---");
        stdout.Write(preview);
        if (preview.Length > 0 && preview[^1] != '\n')
        {
            stdout.WriteLine();
        }

        stdout.WriteLine("--- end of output; the automatic check cannot see encoded data (hex, base64, XOR, compression): read it all ---");
    }

    private static string Names(IReadOnlyList<string> columns, string none) =>
        columns.Count == 0 ? none : string.Join(", ", columns.Select(SafeText.Escape));
}
