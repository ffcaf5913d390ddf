using System.CommandLine;
using System.Globalization;
using DataSpace.Cli.Client;
using DataSpace.Cli.Output;
using DataSpace.Connector.Model;
using DataSpace.Crypto.Signatures;
using Spectre.Console;

namespace DataSpace.Cli.Parties;

/// <summary><c>dsc party add|remove|list</c>: the connector's trust list (add, remove: supplier; list: supplier and auditors).</summary>
internal static class PartyCommand
{
    public static Command Create()
    {
        var command = new Command("party", "The connector's trust list: who may call it, in which role, with which keys");
        command.Subcommands.Add(CreateAdd());
        command.Subcommands.Add(CreateRemove());
        command.Subcommands.Add(CreateList());
        return command;
    }

    /// <summary>
    /// Takes a party off the trust list: its keys are refused from the next request; its agreements stay on record
    /// (docs/connector-service.md, "Removing a party").
    /// </summary>
    private static Command CreateRemove()
    {
        var connection = new ConnectionOptions();
        var id = new Argument<string>("id") { Description = "The party's id, e.g. urn:party:credit-bureau" };
        var command = connection.AddTo(new Command("remove", "Take a party off the trust list; its keys are refused from then on (supplier)") { id });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var party = parse.GetValue(id)!;
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            await calls.DeleteAsync("/api/v1/parties/" + Uri.EscapeDataString(party), token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, new { removed = party });
                return ExitCodes.Ok;
            }

            stdout.WriteLine($"removed {party} from the trust list; its keys are refused from now on, its agreements stay on record");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateAdd()
    {
        var connection = new ConnectionOptions();
        var id = new Option<string>("--id") { Description = "The party's id, e.g. urn:party:credit-bureau", Required = true };
        var name = new Option<string>("--name") { Description = "Its display name", Required = true };
        var role = new Option<string>("--role") { Description = "Its role", Required = true };
        role.AcceptOnlyFromAmong(Enum.GetNames<PartyRole>());
        var publicKeys = new Option<FileInfo[]>("--public-key") { Description = "Its public key file (PEM); repeat for more keys", Required = true, AllowMultipleArgumentsPerToken = false };
        var command = connection.AddTo(new Command("add", "Put a party and its public keys on the trust list (supplier)") { id, name, role, publicKeys });
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var pems = parse.GetValue(publicKeys)!.Select(f => KeyFiles.LoadPublicKey(f.FullName).ExportPem()).ToArray();
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var added = await calls.PostJsonAsync("/api/v1/parties", new { id = parse.GetValue(id), name = parse.GetValue(name), role = parse.GetValue(role), publicKeys = pems }, token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, added);
                return ExitCodes.Ok;
            }

            var party = CliJson.Read<Party>(added, "a party");
            stdout.WriteLine($"added {party.Id} ({party.DisplayName}) as {party.Role} with key {string.Join(", ", party.Keys.Select(k => k.KeyId))}");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var connection = new ConnectionOptions();
        var command = connection.AddTo(new Command("list", "List the trust list (supplier and auditors)"));
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var key = connection.LoadKey(parse);
            using var calls = connection.Open(parse, key);
            var list = await calls.GetAllPagesAsync("/api/v1/parties?limit=500", token);
            if (connection.IsJson(parse))
            {
                CliJson.Write(stdout, list);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("party", "name", "role", "keys", "added");
            foreach (var party in CliJson.Read<List<Party>>(list, "a list of parties"))
            {
                table.AddRow(Markup.Escape(party.Id), Markup.Escape(party.DisplayName), party.Role.ToString(),
                    Markup.Escape(string.Join(", ", party.Keys.Select(k => k.KeyId))), party.AddedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            CliConsole.For(stdout).Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
