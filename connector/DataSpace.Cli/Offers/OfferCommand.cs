using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Cli.Catalog;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Connector.Api;
using Spectre.Console;

namespace DataSpace.Cli.Offers;

/// <summary><c>dsc offer add|list</c>: offer a dataset under an ODRL policy (supplier) and list the offers (any party).</summary>
internal static class OfferCommand
{
    public static Command Create()
    {
        var command = new Command("offer", "Offer datasets under ODRL policies and list the offers");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateList());
        return command;
    }

    /// <summary>A JSON object from a file; a parse error names the file, line and position.</summary>
    public static JsonObject ReadJsonObject(string path, string what)
    {
        var text = File.ReadAllText(path);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new CliInputException($"{path}: the {what} must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new CliInputException($"{path}: the {what} is not valid JSON: {e.Message}");
        }
    }

    private static Command CreateAdd()
    {
        var connection = new ConnectionOptions();
        var id = new Option<string>("--id") { Description = "The offer's id", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "The dataset it offers", Required = true };
        var policy = new Option<FileInfo>("--policy") { Description = "The ODRL policy (JSON-LD file, docs/policy-profile.md)", Required = true };
        var command = connection.AddTo(new Command("add", "Offer a dataset under an ODRL policy (supplier)") { id, dataset, policy });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var body = ReadJsonObject(parse.GetValue(policy)!.FullName, "policy");
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var created = await calls.PostJsonAsync("/api/v1/offers", new { id = parse.GetValue(id), dataset = parse.GetValue(dataset), policy = body }, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, created);
            }
            else
            {
                stdout.WriteLine($"offered {parse.GetValue(dataset)} as {CliJson.Read<CatalogOffer>(created, "an offer").Id}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var connection = new ConnectionOptions();
        var command = connection.AddTo(new Command("list", "List the offers of the catalogue"));
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var catalog = CliJson.Read<List<CatalogDataset>>(await CatalogCommand.ReadAsync(connection, parse, token), "a catalogue");
            var offers = catalog.SelectMany(d => d.Offers.Select(o => new { id = o.Id, dataset = d.Id, policy = o.Policy, createdAt = o.CreatedAt })).ToList();
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, offers);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("offer", "dataset", "purpose", "actions", "created");
            foreach (var offer in offers)
            {
                table.AddRow(Markup.Escape(offer.id), Markup.Escape(offer.dataset), Markup.Escape(Purposes(offer.policy)), Markup.Escape(Actions(offer.policy)),
                    offer.createdAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            CliConsole.For(stdout).Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static IEnumerable<JsonObject> Permissions(JsonNode? policy) =>
        (policy?["permission"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static string Actions(JsonNode? policy) =>
        string.Join(", ", Permissions(policy).Select(p => p["action"]?.ToJsonString().Trim('"')).Distinct());

    private static string Purposes(JsonNode? policy) =>
        string.Join(", ", Permissions(policy)
            .SelectMany(p => (p["constraint"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(c => c["leftOperand"]?.GetValueKind() == JsonValueKind.String && c["leftOperand"]!.GetValue<string>() == "purpose")
            .Select(c => c["rightOperand"]?.ToJsonString().Trim('"'))
            .Distinct());
}
