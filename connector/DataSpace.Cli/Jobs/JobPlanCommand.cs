using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;
using DataSpace.Crypto.Json;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// <c>dsc job plan ID [--out FILE]</c>: the analysis plan a plan job runs (docs/analysis-plans.md), for the supplier to read
/// before it approves the digest, and for the job's operator, data user and auditors. The digest is checked against the
/// plan's canonical JSON first (a mismatch is exit 1); the plan is printed indented, or its canonical bytes written to a
/// new FILE.
/// </summary>
internal static class JobPlanCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var output = new Option<string?>("--out") { Description = "Write the plan's canonical JSON (the bytes its digest is of) to this new file" };
        var command = connection.AddTo(new Command("plan", "Print the analysis plan a plan job runs, with its digest (supplier, auditors, the job's operator and data user)") { id, output });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var answer = await calls.GetJsonAsync($"/api/v1/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/plan", token);
            var view = CliJson.Read<JobPlanView>(answer, "a job's plan");
            var canonical = CanonicalJson.Serialize(view.Plan);
            if ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical)) != view.Digest)
            {
                return CommandErrors.Report(parse.InvocationConfiguration.Error,
                    $"the plan of job {SafeText.Escape(view.JobId)} does not match its digest {SafeText.Escape(view.Digest)}", ExitCodes.VerificationFailed);
            }

            if (parse.GetValue(output) is { } file)
            {
                var path = Path.GetFullPath(file);
                await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    await stream.WriteAsync(canonical, token);
                }

                stdout.WriteLine($"wrote the plan of job {SafeText.Escape(view.JobId)} ({SafeText.Escape(view.Digest)}) to {SafeText.Escape(path)}");
            }
            else if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
            }
            else
            {
                stdout.WriteLine($"job {SafeText.Escape(view.JobId)}: plan {SafeText.Escape(view.Digest)}");
                stdout.WriteLine(SafeText.Escape(JsonSerializer.Serialize(view.Plan, Indented)));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
