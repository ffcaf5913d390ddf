using System.CommandLine;
using DataSpace.Cli.Audit;
using DataSpace.Cli.Demo;
using DataSpace.Cli.Gateway;
using DataSpace.Cli.Keys;
using DataSpace.Cli.Serve;

namespace DataSpace.Cli;

/// <summary>The <c>dsc</c> root command: one verb group per role (see ARCHITECTURE.md).</summary>
internal static class DscCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("dsc: the trusted data space connector's command line");
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(GatewayCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(Catalog.CatalogCommand.Create());
        root.Subcommands.Add(Parties.PartyCommand.Create());
        root.Subcommands.Add(Datasets.DatasetCommand.Create());
        root.Subcommands.Add(Offers.OfferCommand.Create());
        root.Subcommands.Add(Agreements.AgreementCommand.Create());
        root.Subcommands.Add(Federation.FederationCommand.Create());
        root.Subcommands.Add(Jobs.JobCommand.Create());
        root.Subcommands.Add(Results.ResultCommand.Create());
        root.Subcommands.Add(Budget.BudgetCommand.Create());
        root.Subcommands.Add(Settlement.SettlementCommand.Create());
        root.Subcommands.Add(Health.HealthCommand.Create());
        root.Subcommands.Add(WebConsole.ConsoleCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; command-line mistakes exit with <see cref="ExitCodes.Usage"/>.</summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parseResult = Create().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                configuration.Error.WriteLine($"dsc: {error.Message}");
            }

            configuration.Error.WriteLine("dsc: run 'dsc --help' for usage");
            return ExitCodes.Usage;
        }

        if (parseResult.CommandResult.Command.Name is ServeCommand.Name or GatewayCommand.Name)
        {
            // The connector and the gateway handle Ctrl+C and SIGTERM themselves and may take up to their ShutdownTimeout to stop;
            // System.CommandLine would otherwise end the process 2 seconds after the signal.
            configuration.ProcessTerminationTimeout = null;
        }

        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
