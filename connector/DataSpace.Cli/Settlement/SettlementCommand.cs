using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Connector.Api;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using Spectre.Console;

namespace DataSpace.Cli.Settlement;

/// <summary>
/// <c>dsc settlement close|preview|list|get|verify</c> (docs/metering.md, "Settlement statement"; docs/cli.md): the
/// supplier closes an ended period into signed statements, anyone entitled reads them, and an auditor recomputes them
/// offline from a log export.
/// </summary>
internal static class SettlementCommand
{
    public static Command Create()
    {
        var command = new Command("settlement", "Close periods into signed settlement statements, read them, and verify them offline");
        command.Subcommands.Add(CreateClose());
        command.Subcommands.Add(CreatePreview());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateGet());
        command.Subcommands.Add(CreateVerify());
        return command;
    }

    private static Option<string> PeriodOption(bool required) =>
        new("--period") { Description = "The month, yyyy-MM (China Standard Time, UTC+8), e.g. 2026-11", Required = required };

    private static Command CreateClose()
    {
        var connection = new ConnectionOptions();
        var period = PeriodOption(required: true);
        var command = connection.AddTo(new Command("close", "Close an ended period (supplier): a signed, logged statement per priced agreement with runs in it") { period });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var answer = await calls.PostJsonAsync("/api/v1/settlements", new { period = CheckPeriod(parse.GetValue(period)) }, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
                return ExitCodes.Ok;
            }

            var closed = CliJson.Read<SettlementCloseResponse>(answer, "a settlement close");
            stdout.WriteLine($"closed {closed.Period}: {closed.Statements.Count} statement(s)");
            WriteSummaries(stdout, closed.Statements);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreatePreview()
    {
        var connection = new ConnectionOptions();
        var period = PeriodOption(required: true);
        var command = connection.AddTo(new Command("preview", "What closing a period would state now, unsigned and not logged (supplier, auditor); the period may still be open") { period });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var answer = await calls.GetJsonAsync("/api/v1/settlements/preview?period=" + CheckPeriod(parse.GetValue(period)), token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
                return ExitCodes.Ok;
            }

            var previews = CliJson.Read<List<SettlementPreview>>(answer, "a settlement preview");
            var table = new Table().AddColumns("agreement", "runs", "exact (fen)", "charged (CNY)", "supplier (CNY)", "operator (CNY)", "year before (CNY)");
            foreach (var p in previews)
            {
                table.AddRow(Markup.Escape(p.Agreement), N(p.Runs), p.ExactFen, Yuan(p.ChargedFen), Yuan(p.SupplierFen), Yuan(p.OperatorFen), Yuan(p.CumulativeBeforeFen));
            }

            if (previews.Count == 0)
            {
                stdout.WriteLine("no priced agreement has runs in this period");
            }
            else
            {
                CliConsole.For(stdout).Write(table);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var connection = new ConnectionOptions();
        var period = PeriodOption(required: false);
        var command = connection.AddTo(new Command("list", "Closed statements you may see: all for the supplier and auditors, your agreements' for an operator") { period });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var answer = await calls.GetJsonAsync("/api/v1/settlements" + (parse.GetValue(period) is { } p ? "?period=" + CheckPeriod(p) : ""), token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
                return ExitCodes.Ok;
            }

            var summaries = CliJson.Read<List<SettlementSummary>>(answer, "a settlement list");
            if (summaries.Count == 0)
            {
                stdout.WriteLine("no closed statement you may see");
            }
            else
            {
                WriteSummaries(stdout, summaries);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateGet()
    {
        var connection = new ConnectionOptions();
        var period = new Argument<string>("period") { Description = "The month, yyyy-MM" };
        var agreement = new Argument<string>("agreement") { Description = "The agreement's id" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the signed statement to this file (for dsc settlement verify)" };
        var command = connection.AddTo(new Command("get", "One agreement's signed statement of a period") { period, agreement, output });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var answer = await calls.GetJsonAsync(
                $"/api/v1/settlements/{CheckPeriod(parse.GetValue(period))}/{Uri.EscapeDataString(parse.GetValue(agreement)!)}", token);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, answer.GetProperty("statement").GetRawText() + "\n", token);
            }

            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, answer);
                return ExitCodes.Ok;
            }

            var view = CliJson.Read<SettlementView>(answer, "a settlement statement");
            WriteSummaries(stdout, [view.Summary]);
            if (parse.GetValue(output) is { } written)
            {
                stdout.WriteLine($"statement written to {written.FullName}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateVerify()
    {
        var statements = new Argument<FileInfo[]>("statement") { Description = "Signed statement files (dsc settlement get --out)", Arity = ArgumentArity.OneOrMore };
        var export = new Option<DirectoryInfo>("--export") { Description = "A log export folder (checkpoint and entries.jsonl) taken after the close", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "The connector's public key (PEM)", Required = true };
        var origin = new Option<string?>("--origin") { Description = "The log's origin (default: dataspace/<key id>)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("verify", "Recompute statements from a log export alone, offline, and refuse any difference with the reason")
        {
            statements, export, key, origin, json,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, (stdout, token) =>
        {
            var publicKey = KeyFiles.LoadPublicKey(parse.GetValue(key)!.FullName);
            IReadOnlyList<SettlementVerification> results;
            try
            {
                // One statement in memory at a time: a month's statement may list a million runs.
                results = SettlementVerifier.VerifyFiles([.. parse.GetValue(statements)!.Select(f => f.FullName)], parse.GetValue(export)!.FullName, publicKey,
                    CommandErrors.CheckOrigin(parse.GetValue(origin)));
            }
            catch (StatementException e)
            {
                throw new CliInputException(e.Message);
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(results.Select(r => new { valid = r.IsValid, agreement = r.Agreement, period = r.Period, failure = r.Failure, closeEntry = r.CloseEntry })));
            }
            else
            {
                foreach (var result in results)
                {
                    if (result.IsValid)
                    {
                        stdout.WriteLine($"OK: {result.Period} of agreement {result.Agreement} is what the log gives (closed at entry {result.CloseEntry})");
                    }
                    else
                    {
                        parse.InvocationConfiguration.Error.WriteLine($"FAILED: {result.Period ?? "?"} of agreement {result.Agreement ?? "?"}: {result.Failure}");
                    }
                }
            }

            return Task.FromResult(results.All(r => r.IsValid) ? ExitCodes.Ok : ExitCodes.VerificationFailed);
        }, cancellationToken));
        return command;
    }

    private static void WriteSummaries(TextWriter stdout, IEnumerable<SettlementSummary> summaries)
    {
        var table = new Table().AddColumns("period", "agreement", "runs", "charged (CNY)", "supplier (CNY)", "operator (CNY)", "log entry", "digest");
        foreach (var s in summaries)
        {
            table.AddRow(s.Period, Markup.Escape(s.Agreement), N(s.Runs), Yuan(s.ChargedFen), Yuan(s.SupplierFen), Yuan(s.OperatorFen), N(s.LogIndex), Markup.Escape(s.Digest));
        }

        CliConsole.For(stdout).Write(table);
    }

    private static string CheckPeriod(string? period) =>
        SettlementPeriod.TryParse(period, out var parsed) ? parsed.ToString() : throw new CliInputException($"--period '{period}' is not a month written yyyy-MM, e.g. 2026-11");

    private static string Yuan(long fen) => new DataSpace.Policy.Pricing.Fen(fen).ToYuanString();

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
