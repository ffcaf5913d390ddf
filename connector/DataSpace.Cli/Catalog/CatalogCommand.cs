using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using Spectre.Console;

namespace DataSpace.Cli.Catalog;

/// <summary><c>dsc catalog --url URL --key KEY [--json]</c>: a connector's datasets and offers, read with a signed request.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var command = connection.AddTo(new Command("catalog", "List a connector's datasets and offers (descriptions only, never rows)"));
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var catalog = await ReadAsync(connection, parse, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, catalog);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("dataset", "name", "rows", "columns", "classification", "offers");
            foreach (var dataset in catalog.EnumerateArray())
            {
                table.AddRow(
                    Markup.Escape(dataset.GetProperty("id").GetString() ?? ""),
                    Markup.Escape(dataset.GetProperty("name").GetString() ?? ""),
                    dataset.GetProperty("rowCount").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", dataset.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()))),
                    dataset.GetProperty("classificationLevel").GetInt32().ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", dataset.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("id").GetString()))));
            }

            CliConsole.For(stdout).Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>The catalogue (<c>GET /api/v1/catalog</c>) read with the caller's key: an array of datasets with their offers.</summary>
    public static async Task<JsonElement> ReadAsync(ConnectionOptions connection, ParseResult parse, CancellationToken cancellationToken)
    {
        using var key = connection.LoadKey(parse);
        using var calls = connection.Open(parse, key);
        return await calls.GetAllPagesAsync("/api/v1/catalog?limit=500", cancellationToken);
    }
}
