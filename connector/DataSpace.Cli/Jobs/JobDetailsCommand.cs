using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// <c>dsc job details ID</c> (supplier): what a failed or refused run held back from the operator and the data user (the
/// job's return code and <c>dsc_error</c> message, the rule it broke, the columns it asked for, what it pulled), printed
/// escaped, with the binding its log entry carries, checked here against the text and its key.
/// </summary>
internal static class JobDetailsCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The job" };
        var command = connection.AddTo(new Command("details", "What a failed or refused run held back for the supplier: the job's code and message, the rule it broke (supplier)") { id });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var answer = await calls.GetJsonAsync($"/api/v1/jobs/{Uri.EscapeDataString(parse.GetValue(id)!)}/details", token);
            var view = CliJson.Read<HeldDetailView>(answer, "held details");
            if (!Binds(view))
            {
                return CommandErrors.Report(parse.InvocationConfiguration.Error,
                    $"the held details of job {SafeText.Escape(view.JobId)} do not match their binding {SafeText.Escape(view.Binding)}", ExitCodes.VerificationFailed);
            }

            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
                return ExitCodes.Ok;
            }

            // Written by code that has seen the data: every line is escaped before it reaches the terminal.
            foreach (var line in view.Text.TrimEnd('\n').Split('\n'))
            {
                stdout.WriteLine(SafeText.Escape(line));
            }

            stdout.WriteLine($"binding {SafeText.Escape(view.Binding)} (the log entry's digest 'detail'; HMAC-SHA256 of the text under its key, checked)");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>Whether the binding is HMAC-SHA256 of the text under the key (RFC 2104), compared in constant time.</summary>
    internal static bool Binds(HeldDetailView view)
    {
        byte[] secret;
        try
        {
            secret = Convert.FromBase64String(view.Key);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(view.Text)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(view.Binding));
    }
}
