using System.CommandLine;
using System.Net;
using DataSpace.Cli.Client;
using DataSpace.Crypto.Signatures;
using DataSpace.WebConsole;

namespace DataSpace.Cli.WebConsole;

/// <summary>
/// <c>dsc console --url URL --key KEY [--listen 127.0.0.1:PORT] [--state FILE]</c> (docs/console.md): a local web console, like
/// <c>kubectl proxy</c>. It holds the party's key (loaded as every verb loads it, with <c>DSC_KEY_PASSPHRASE</c>),
/// signs every request it makes to the connector, serves the pages on loopback only, and prints a one-time login link.
/// </summary>
internal static class ConsoleCommand
{
    public static Command Create()
    {
        var connection = new ConnectionOptions();
        var listen = new Option<string>("--listen") { Description = "Where the console serves its pages: a loopback address and port (default 127.0.0.1:0, a free port)", DefaultValueFactory = _ => "127.0.0.1:0" };
        var state = new Option<FileInfo?>("--state") { Description = "The auditor's state file, as for dsc audit verify --state: the checkpoint verified last time, checked for consistency and updated on success" };
        var connectorKey = new Option<FileInfo?>("--connector-key") { Description = "The connector's public key (PEM), pinned: receipts, checkpoints and exports are checked against it; without it the key the connector serves is used, and the pages say so" };
        var command = new Command("console", "Serve a local web console for your role on loopback; it holds your key and signs for the browser") { listen, state, connectorKey };
        connection.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            if (!IPEndPoint.TryParse(parse.GetValue(listen)!, out var endpoint))
            {
                throw new CliInputException($"--listen '{parse.GetValue(listen)}' is not an address and port, e.g. 127.0.0.1:8090");
            }

            var pinned = parse.GetValue(connectorKey) is { } pinnedFile ? KeyFiles.LoadPublicKey(pinnedFile.FullName) : null;
            using var key = connection.LoadKey(parse);
            ConsoleApp app;
            try
            {
                app = ConsoleHost.Build(new ConsoleSettings(connection.BaseAddress(parse), endpoint) { AuditorState = parse.GetValue(state)?.FullName, ConnectorKey = pinned }, key);
            }
            catch (ConsoleConfigurationException e)
            {
                throw new CliInputException(e.Message);
            }

            await using (app)
            {
                await app.StartAsync(token);
                stdout.WriteLine($"console for {connection.BaseAddress(parse)} on {app.Address}");
                stdout.WriteLine($"open this link once to sign in (it works once): {app.LoginLink}");
                await app.WaitForShutdownAsync(token);
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
