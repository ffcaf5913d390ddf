using System.CommandLine;
using System.Globalization;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Connector.Model;
using Spectre.Console;

namespace DataSpace.Cli.Budget;

/// <summary>
/// <c>dsc budget [--dataset ID] --url URL --key KEY [--json]</c>: per dataset, the privacy-budget accounts with what
/// each has spent and its limit (docs/privacy-budget.md). Suppliers and auditors see every account; a data user its
/// own; an operator its agreements'.
/// </summary>
internal static class BudgetCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var dataset = new Option<string?>("--dataset") { Description = "Only this dataset" };
        var command = connection.AddTo(new Command("budget", "Privacy budget per dataset: the accounts you may see, spent and limit") { dataset });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var path = "/api/v1/budget" + (parse.GetValue(dataset) is { } id ? "?dataset=" + Uri.EscapeDataString(id) : "");
            var answer = await calls.GetJsonAsync(path, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
                return ExitCodes.Ok;
            }

            var datasets = CliJson.Read<List<DatasetBudget>>(answer, "a privacy budget report");
            var limits = new Table().AddColumns("dataset", "per data user (epsilon, delta)", "per dataset and period (epsilon, delta)", "period", "current period from");
            var accounts = new Table().AddColumns("dataset", "account", "kind", "epsilon spent", "epsilon limit", "delta spent", "delta limit");
            foreach (var d in datasets)
            {
                var l = d.Limits;
                limits.AddRow(Markup.Escape(d.DatasetId), $"{N(l.DataUserEpsilon)}, {N(l.DataUserDelta)}", $"{N(l.DatasetEpsilon)}, {N(l.DatasetDelta)}",
                    l.Period.ToString("c", CultureInfo.InvariantCulture), l.PeriodStart.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
                foreach (var a in d.Accounts)
                {
                    accounts.AddRow(Markup.Escape(d.DatasetId), Markup.Escape(a.Account), Markup.Escape(a.Kind), D(a.Epsilon), D(a.EpsilonLimit), D(a.Delta), D(a.DeltaLimit));
                }
            }

            var console = CliConsole.For(stdout);
            console.Write(limits);
            if (accounts.Rows.Count > 0)
            {
                console.Write(accounts);
            }
            else
            {
                stdout.WriteLine("no budget account you may see has been charged yet");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string D(decimal value) => (value / 1.000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
