using System.CommandLine;
using System.Text;
using DataSpace.Cli.Client;
using DataSpace.Connector.Api;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// <c>dsc job review ID [--release | --refuse [--reason TEXT]]</c> (supplier): without a decision, prints the custom
/// output a job holds for review; with one, releases it to the data user or refuses it.
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
        var command = connection.AddTo(new Command("review", "Print the output a job holds for review, or release or refuse it (supplier)") { id, release, refuse, reason });
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

            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            if (!doRelease && !doRefuse)
            {
                var held = await calls.GetJsonAsync($"/api/v1/jobs/{job}/review", token);
                if (connection.IsJson(parse))
                {
                    CliJson.Write(stdout, held);
                }
                else
                {
                    stdout.Write(Encoding.UTF8.GetString(Convert.FromBase64String(CliJson.Read<HeldOutputView>(held, "held output").Output)));
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
}
