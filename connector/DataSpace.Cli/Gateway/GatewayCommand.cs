using System.CommandLine;
using DataSpace.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace DataSpace.Cli.Gateway;

/// <summary>
/// <c>dsc gateway --config FILE [--urls URLS]</c>: runs the gateway (docs/gateway.md) from its JSON configuration
/// file until Ctrl+C or SIGTERM. <c>--urls</c> overrides <c>Gateway:Urls</c>. Configuration errors exit with 3.
/// </summary>
internal static class GatewayCommand
{
    public const string Name = "gateway";

    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "The gateway's JSON configuration file (section Gateway, docs/gateway.md)",
            Required = true,
        };
        var urls = new Option<string?>("--urls")
        {
            Description = "Where to listen, separated by ';' (port 0 picks a free port); overrides Gateway:Urls",
        };
        var command = new Command(Name, "Run the gateway in front of the connector replicas until Ctrl+C") { config, urls };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(parseResult, (stdout, token) =>
        {
            List<string> args = [$"--Gateway:ConfigFile={parseResult.GetValue(config)}"];
            if (parseResult.GetValue(urls) is { } given)
            {
                args.Add($"--Gateway:Urls={given}");
            }

            return RunAsync([.. args], stdout, parseResult.InvocationConfiguration.Error, token);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        GatewayApp app;
        try
        {
            app = GatewayHost.Build(args);
        }
        catch (GatewayConfigurationException exception)
        {
            return CommandErrors.Report(stderr, exception.Message, ExitCodes.InputError);
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException exception)
            {
                return CommandErrors.Report(stderr, exception.Message, ExitCodes.InputError);
            }
            catch (IOException exception)
            {
                return CommandErrors.Report(stderr, $"the gateway cannot start: {exception.Message}", ExitCodes.IoError);
            }

            var options = app.Options;
            await stdout.WriteLineAsync($"gateway for {string.Join(", ", options.Connectors)}").ConfigureAwait(false);
            foreach (var address in app.Addresses)
            {
                await stdout.WriteLineAsync($"listening on {address.ToString().TrimEnd('/')}").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync("press Ctrl+C to stop").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync("stopped").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
