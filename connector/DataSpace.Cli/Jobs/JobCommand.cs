using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSpace.Cli.Client;
using DataSpace.Cli.Offers;
using DataSpace.Cli.Output;
using DataSpace.Connector.Api;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// <c>dsc job submit|status|wait|source|verify-build|approve|reject|review|details</c>: submit a job with its source and
/// follow it (operator; status for its data user too), read and rebuild its source, approve or reject it, review held
/// output and read what a failed run held back (supplier).
/// </summary>
internal static class JobCommand
{
    private const int DefaultTimeoutSeconds = 600;

    public static Command Create()
    {
        var command = new Command("job", "Submit jobs, follow them, and approve, reject or review them");
        command.Subcommands.Add(CreateSubmit());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateStatus());
        command.Subcommands.Add(CreateWait());
        command.Subcommands.Add(JobPlanCommand.Create());
        command.Subcommands.Add(JobSourceCommand.Create());
        command.Subcommands.Add(JobVerifyBuildCommand.Create());
        command.Subcommands.Add(CreateDecision("approve", "Approve the job's exact module digest, manifest and source (supplier)", withReason: false));
        command.Subcommands.Add(CreateDecision("reject", "Reject a submitted job (supplier)", withReason: true));
        command.Subcommands.Add(JobReviewCommand.Create());
        command.Subcommands.Add(JobDetailsCommand.Create());
        return command;
    }

    private static Option<int> TimeoutOption() => new("--timeout")
    {
        Description = $"Give up waiting after this many seconds (default {DefaultTimeoutSeconds}; exit 6)",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
    };

    private static Command CreateSubmit()
    {
        var connection = new ConnectionOptions();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the job's id, which the connector makes (for scripts: JOB=$(dsc job submit ... -q))" };
        var module = new Option<FileInfo?>("--module") { Description = "The WebAssembly module (docs/sandbox-abi.md); or give --plan" };
        var plan = new Option<FileInfo?>("--plan") { Description = "An analysis plan, JSON (docs/analysis-plans.md): statistics the connector computes itself; or give --module" };
        var manifest = new Option<FileInfo>("--manifest") { Description = "The job manifest, JSON (docs/job-manifest.md)", Required = true };
        var source = new Option<FileInfo?>("--source") { Description = "The module's C source, which the supplier needs to approve it (docs/module-review.md)" };
        var recipient = new Option<FileInfo?>("--recipient") { Description = "The data user's public key file: replaces the manifest's recipient" };
        var wait = new Option<bool>("--wait") { Description = "Wait until the job ends, as dsc job wait" };
        var timeout = TimeoutOption();
        var command = connection.AddTo(new Command("submit", "Submit a job: manifest and an analysis plan, or a module and its source (operator); prints the job's id and state")
        {
            plan, module, manifest, source, recipient, wait, timeout, quiet,
        });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var body = OfferCommand.ReadJsonObject(parse.GetValue(manifest)!.FullName, "manifest");
            if (parse.GetValue(recipient) is { } recipientFile)
            {
                body["recipient"] = KeyFiles.LoadPublicKey(recipientFile.FullName).ExportPem();
            }

            var (moduleFile, planFile) = (parse.GetValue(module), parse.GetValue(plan));
            if ((moduleFile is null) == (planFile is null))
            {
                throw new CliUsageException("give exactly one of --plan FILE (an analysis plan) or --module FILE (a WebAssembly module, with --source)");
            }

            if (planFile is not null && parse.GetValue(source) is not null)
            {
                throw new CliUsageException("--source goes with --module: a plan is its own source");
            }

            var planJson = planFile is null ? null : OfferCommand.ReadJsonObject(planFile.FullName, "plan");
            var wasm = moduleFile is null ? null : await File.ReadAllBytesAsync(moduleFile.FullName, token);
            var sourceText = parse.GetValue(source) is { } sourceFile ? await ReadSourceAsync(sourceFile, token) : null;
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key, TimeSpan.FromMinutes(5));
            var submitted = planJson is not null
                ? await calls.PostJsonAsync("/api/v1/jobs", new { manifest = body, plan = planJson }, token)
                : await calls.PostJsonAsync("/api/v1/jobs", new { manifest = body, module = Convert.ToBase64String(wasm!), source = sourceText }, token);
            var view = CliJson.Read<JobView>(submitted, "a job");
            if (wasm is not null && sourceText is null)
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"dsc: warning: job {view.Id} was submitted without --source: the supplier approves a module only with its source (docs/module-review.md)");
            }

            if (parse.GetValue(quiet))
            {
                stdout.WriteLine(view.Id);
            }
            else if (!parse.GetValue(wait))
            {
                return Print(stdout, connection.IsJson(parse), submitted);
            }
            else if (!connection.IsJson(parse))
            {
                stdout.WriteLine(Line(view));
            }

            return parse.GetValue(wait)
                ? await WaitAndReportAsync(parse, connection, calls, view.Id, parse.GetValue(timeout), parse.GetValue(quiet) ? TextWriter.Null : stdout, token)
                : ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>The source file as text, refused here as the connector would refuse it (not UTF-8, too large, hidden characters).</summary>
    private static async Task<string> ReadSourceAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new CliInputException($"--source {file.FullName}: not UTF-8 text");
        }

        return Connector.Jobs.ModuleSource.TryCreate(text, out var problem) is null
            ? throw new CliInputException($"--source {file.FullName}: {problem}")
            : text;
    }

    private static Command CreateList()
    {
        var connection = new ConnectionOptions();
        var state = new Option<string?>("--state") { Description = "Only jobs in this state (Submitted, Approved, Running, PendingReview, Released, Refused, Rejected, Failed)" };
        var command = connection.AddTo(new Command("list", "The jobs you may see, oldest first: all for the supplier and auditors, an operator's own, a data user's") { state });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var path = "/api/v1/jobs?limit=500" + (parse.GetValue(state) is { } wanted ? "&state=" + Uri.EscapeDataString(wanted) : "");
            var answer = await calls.GetAllPagesAsync(path, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
                return ExitCodes.Ok;
            }

            var views = CliJson.Read<List<JobView>>(answer, "a list of jobs");
            foreach (var view in views)
            {
                stdout.WriteLine(Line(view));
            }

            if (views.Count == 0)
            {
                stdout.WriteLine("no jobs");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateStatus()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var command = connection.AddTo(new Command("status", "A job's state and reason (its operator and data user, the supplier, auditors)") { id });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            return Print(stdout, connection.IsJson(parse), await calls.GetJsonAsync("/api/v1/jobs/" + Uri.EscapeDataString(parse.GetValue(id)!), token));
        }, cancellationToken));
        return command;
    }

    private static Command CreateWait()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var timeout = TimeoutOption();
        var command = connection.AddTo(new Command("wait", "Wait until a job ends: exit 0 when released, 5 when it ended without a result, 6 on timeout") { id, timeout });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            return await WaitAndReportAsync(parse, connection, calls, parse.GetValue(id)!, parse.GetValue(timeout), stdout, token);
        }, cancellationToken));
        return command;
    }

    private static Command CreateDecision(string verb, string description, bool withReason)
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the signed log)" };
        var command = connection.AddTo(new Command(verb, description) { id });
        if (withReason)
        {
            command.Options.Add(reason);
        }

        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var path = $"/api/v1/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}";
            var answer = await calls.PostJsonAsync(path, withReason && parse.GetValue(reason) is { } text ? new { reason = text } : null, token);
            return Print(stdout, connection.IsJson(parse), answer);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> WaitAndReportAsync(ParseResult parse, ConnectionOptions connection, ConnectorCalls calls, string jobId, int timeoutSeconds, TextWriter stdout, CancellationToken cancellationToken)
    {
        if (timeoutSeconds < 0)
        {
            throw new CliInputException($"--timeout {timeoutSeconds}: must be zero or more seconds");
        }

        var json = connection.IsJson(parse);
        var (view, timedOut) = await JobWaiter.WaitAsync(calls, jobId, TimeSpan.FromSeconds(timeoutSeconds), CliConsole.Progress(parse, json), cancellationToken);
        if (json)
        {
            CliJson.Write(stdout, view);
        }
        else
        {
            stdout.WriteLine(Line(view));
        }

        if (timedOut)
        {
            return CommandErrors.Report(parse.InvocationConfiguration.Error, $"job {jobId} did not end within {timeoutSeconds} s: it is {JobWaiter.Describe(view)}", ExitCodes.TimedOut);
        }

        if (JobWaiter.ExitCodeOf(view.State) != ExitCodes.Ok)
        {
            return CommandErrors.Report(parse.InvocationConfiguration.Error, $"job {jobId} ended without a result: {view.State}: {view.Reason}", ExitCodes.JobEndedWithoutResult);
        }

        return ExitCodes.Ok;
    }

    private static int Print(TextWriter stdout, bool json, JsonElement answer)
    {
        if (json)
        {
            CliJson.Write(stdout, answer);
        }
        else
        {
            var view = CliJson.Read<JobView>(answer, "a job");
            stdout.WriteLine(Line(view));
            foreach (var line in MeterText.Lines(view.Meter))
            {
                stdout.WriteLine(line);
            }

            if (view.Charge is { } charge)
            {
                // The run's price as its month's settlement statement will state it (docs/metering.md, "Settlement statement").
                stdout.WriteLine($"charge ({charge.Period}, log entry {charge.LogIndex}): {charge.ExactFen} fen exact{(charge.Billable ? "" : ", not billable")}");
                foreach (var line in charge.Lines)
                {
                    stdout.WriteLine("  " + line);
                }
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>One line per job: id, state, reason, rows, module digest.</summary>
    public static string Line(JobView view) => string.Create(CultureInfo.InvariantCulture,
        $"job {view.Id}: {view.State}{(string.IsNullOrEmpty(view.Reason) ? "" : " (" + view.Reason + ")")}, agreement {view.AgreementId}, {view.RowsProcessed:N0} rows, module {view.ModuleDigest}");
}
