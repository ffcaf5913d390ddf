using System.CommandLine;
using System.Globalization;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Connector.Model;
using Spectre.Console;

namespace DataSpace.Cli.Audit;

/// <summary>
/// <c>dsc audit disclosure [--dataset ID] --url URL --key KEY [--json]</c>: per dataset, who holds agreements for
/// what purpose and until when, jobs run, rows processed, results released and refused, privacy budget spent per data
/// user (supplier and auditors).
/// </summary>
internal static class AuditDisclosureCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var dataset = new Option<string?>("--dataset") { Description = "Only this dataset" };
        var command = connection.AddTo(new Command("disclosure", "The disclosure report: the use of each dataset (supplier and auditors)") { dataset });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var path = "/api/v1/audit/disclosure" + (parse.GetValue(dataset) is { } id ? "?dataset=" + Uri.EscapeDataString(id) : "");
            var report = await calls.GetJsonAsync(path, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, report);
                return ExitCodes.Ok;
            }

            var datasets = CliJson.Read<List<DatasetDisclosure>>(report, "a disclosure report");
            var summary = new Table().AddColumns("dataset", "name", "agreements", "jobs run", "rows processed", "released", "refused");
            var agreements = new Table().AddColumns("dataset", "agreement", "operator", "purpose", "valid until", "revoked");
            var budget = new Table().AddColumns("dataset", "data user", "epsilon spent", "delta spent");
            var revenue = new Table().AddColumns("dataset", "period", "operator", "statements", "runs", "revenue (CNY)", "to the supplier (CNY)", "to the operator (CNY)");
            foreach (var d in datasets)
            {
                summary.AddRow(Markup.Escape(d.DatasetId), Markup.Escape(d.DatasetName), N(d.Agreements.Count), N(d.JobsRun), N(d.RowsProcessed), N(d.ResultsReleased), N(d.ResultsRefused));
                foreach (var a in d.Agreements)
                {
                    agreements.AddRow(Markup.Escape(d.DatasetId), Markup.Escape(a.AgreementId), Markup.Escape($"{a.OperatorName} ({a.OperatorId})"), Markup.Escape(a.Purpose),
                        a.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.RevokedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "-");
                }

                foreach (var b in d.Budget)
                {
                    budget.AddRow(Markup.Escape(d.DatasetId), Markup.Escape(b.DataUserId), Amount(b.Epsilon), Amount(b.Delta));
                }

                foreach (var r in d.Revenue)
                {
                    revenue.AddRow(Markup.Escape(d.DatasetId), r.Period, Markup.Escape(r.OperatorId), N(r.Statements), N(r.Runs), Yuan(r.ChargedFen), Yuan(r.SupplierFen), Yuan(r.OperatorFen));
                }
            }

            var console = CliConsole.For(stdout);
            console.Write(summary);
            if (agreements.Rows.Count > 0)
            {
                console.Write(agreements);
            }

            if (budget.Rows.Count > 0)
            {
                console.Write(budget);
            }

            if (revenue.Rows.Count > 0)
            {
                console.Write(revenue);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static string Yuan(long fen) => new DataSpace.Policy.Pricing.Fen(fen).ToYuanString();

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Amount(decimal value) => (value / 1.000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
