using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Connector.Api;
using DataSpace.Connector.Model;
using DataSpace.Crypto.Statements;
using Spectre.Console;

namespace DataSpace.Cli.Agreements;

/// <summary><c>dsc agreement request|list|revoke</c>: conclude an agreement on an offer (operator), list them, revoke one (supplier).</summary>
internal static class AgreementCommand
{
    /// <summary>The statement type the operator signs (AgreementsApi.RequestType).</summary>
    public const string RequestType = "dataspace/agreement-request/v1";

    public static Command Create()
    {
        var command = new Command("agreement", "Conclude, list and revoke agreements");
        command.Subcommands.Add(CreateRequest());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        return command;
    }

    private static Command CreateRequest()
    {
        var connection = new ConnectionOptions();
        var id = new Option<string>("--id") { Description = "The agreement's id", Required = true };
        var offer = new Option<string>("--offer") { Description = "The offer to agree to", Required = true };
        var purpose = new Option<string>("--purpose") { Description = "The purpose, as the offer's policy names it", Required = true };
        var validUntil = new Option<string?>("--valid-until") { Description = "End of validity: a date or time (ISO 8601; UTC unless an offset is given)" };
        var days = new Option<int?>("--days") { Description = "End of validity: this many days from now" };
        var output = new Option<FileInfo?>("--out") { Description = "Save the connector's answer (the agreement and both signed statements) to this file" };
        var command = connection.AddTo(new Command("request", "Sign an agreement request with --key and conclude the agreement (operator)") { id, offer, purpose, validUntil, days, output });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var until = EndOfValidity(parse.GetValue(validUntil), parse.GetValue(days));
            var save = parse.GetValue(output);
            if (save is { Exists: true })
            {
                throw new IOException($"{save.FullName}: file exists; refusing to overwrite it");
            }

            using var key = connection.LoadKey(parse);
            var statement = SignedStatement.Sign(RequestType, new JsonObject
            {
                ["agreement"] = parse.GetValue(id),
                ["offer"] = parse.GetValue(offer),
                ["purpose"] = parse.GetValue(purpose),
                ["validUntil"] = until.ToString("O", CultureInfo.InvariantCulture),
            }, key);
            using var calls = connection.Open(parse, key);
            var response = await calls.PostJsonAsync("/api/v1/agreements", new { statement = JsonNode.Parse(statement.ToString()) }, token);
            if (save is not null)
            {
                await File.WriteAllTextAsync(save.FullName, response.GetRawText() + "\n", token);
            }

            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, response);
                return ExitCodes.Ok;
            }

            var agreement = CliJson.Read<AgreementResponse>(response, "an agreement").Agreement;
            stdout.WriteLine($"agreement {agreement.Id} on offer {agreement.OfferId} (dataset {agreement.DatasetId}) for {agreement.Purpose}: valid {Day(agreement.ValidFrom)} to {Day(agreement.ValidUntil)}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var connection = new ConnectionOptions();
        var command = connection.AddTo(new Command("list", "List agreements: all for the supplier and auditors, your own for an operator"));
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var list = await calls.GetAllPagesAsync("/api/v1/agreements?limit=500", token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, list);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("agreement", "offer", "dataset", "operator", "purpose", "valid from", "valid until", "revoked");
            foreach (var a in CliJson.Read<List<Agreement>>(list, "a list of agreements"))
            {
                table.AddRow(Markup.Escape(a.Id), Markup.Escape(a.OfferId), Markup.Escape(a.DatasetId), Markup.Escape(a.OperatorId), Markup.Escape(a.Purpose),
                    Day(a.ValidFrom), Day(a.ValidUntil), a.RevokedAt is { } revoked ? Day(revoked) : "-");
            }

            CliConsole.For(stdout).Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRevoke()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("ID") { Description = "The agreement to revoke" };
        var command = connection.AddTo(new Command("revoke", "Revoke an agreement: no further job runs under it (supplier)") { id });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var agreement = parse.GetValue(id)!;
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            await calls.PostJsonAsync($"/api/v1/agreements/{Uri.EscapeDataString(agreement)}/revoke", null, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, new { agreement, revoked = true });
            }
            else
            {
                stdout.WriteLine($"revoked agreement {agreement}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>--valid-until or --days (exactly one), as a UTC time.</summary>
    private static DateTimeOffset EndOfValidity(string? validUntil, int? days)
    {
        if ((validUntil is null) == (days is null))
        {
            throw new CliUsageException("give exactly one of --valid-until DATE or --days N");
        }

        if (days is { } n)
        {
            return n > 0 ? DateTimeOffset.UtcNow.AddDays(n) : throw new CliInputException($"--days {n}: must be a positive number of days");
        }

        return DateTimeOffset.TryParse(validUntil, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when)
            ? when
            : throw new CliInputException($"--valid-until '{validUntil}' is not a date or time (ISO 8601, e.g. 2026-12-31 or 2026-12-31T12:00:00Z)");
    }

    private static string Day(DateTimeOffset when) => when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
