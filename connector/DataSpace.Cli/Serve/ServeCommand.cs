using System.CommandLine;
using DataSpace.Connector.Hosting;
using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.Options;

namespace DataSpace.Cli.Serve;

/// <summary>
/// <c>dsc serve [--data DIR] [--urls URLS] [--suite SUITE] [--restore]</c>: runs the connector with its embedded defaults until
/// Ctrl+C or SIGTERM. Options given here override everything; when left out, <c>DSC_Connector__*</c> variables and
/// appsettings.json still apply over the defaults shown (docs/connector-service.md).
/// </summary>
internal static class ServeCommand
{
    public const string Name = "serve";
    public const string DefaultData = "./data/connector";
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "The connector's data directory: keys, transparency log, module cache and logs",
            DefaultValueFactory = _ => DefaultData,
        };
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, separated by ';' (port 0 picks a free port)",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var suite = new Option<string?>("--suite")
        {
            Description = "The suite of the connector key made on first start: " + string.Join(", ", SignatureSuites.All.Select(s => s.Name)),
        };
        var restore = new Option<bool>("--restore")
        {
            Description = "Start even though the database is missing or empty beside a non-empty log (after a lost database; see docs/connector-service.md, \"Restoring\")",
        };
        var command = new Command(Name, "Run the connector service with embedded defaults until Ctrl+C") { data, urls, suite, restore };
        command.SetAction((parseResult, cancellationToken) => CommandErrors.RunAsync(parseResult, (stdout, token) =>
        {
            var given = new List<string>();
            var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            Place(parseResult, data, "Connector:DataDirectory", given, defaults);
            Place(parseResult, urls, "Connector:Urls", given, defaults);
            if (parseResult.GetValue(suite) is { } suiteName)
            {
                if (!SignatureSuites.TryGet(suiteName, out _))
                {
                    var names = string.Join(", ", SignatureSuites.All.Select(s => s.Name));
                    return Task.FromResult(CommandErrors.Report(
                        parseResult.InvocationConfiguration.Error, $"unknown signature suite '{suiteName}': expected one of {names}", ExitCodes.Usage));
                }

                given.Add($"--Connector:SignatureSuite={suiteName}");
            }

            if (parseResult.GetValue(restore))
            {
                given.Add("--Connector:Restore=true");
            }

            return RunAsync([.. given], defaults, stdout, parseResult.InvocationConfiguration.Error, token);
        }, cancellationToken));
        return command;
    }

    private static void Place(ParseResult parseResult, Option<string> option, string key, List<string> given, Dictionary<string, string?> defaults)
    {
        var value = parseResult.GetValue(option);
        if (parseResult.GetResult(option) is { Implicit: false })
        {
            given.Add($"--{key}={value}");
        }
        else
        {
            defaults[key] = value;
        }
    }

    private static async Task<int> RunAsync(
        string[] args, Dictionary<string, string?> defaults, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ConnectorApp app;
        try
        {
            app = ConnectorHost.Build(args, new ConnectorHostHooks { Defaults = defaults });
        }
        catch (ConnectorConfigurationException exception)
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
            catch (ConnectorStartRefusedException exception)
            {
                // The log failed verification (1), or the database is lost or unreadable (4): one line, no stack trace.
                var code = exception.Refusal == ConnectorStartRefusal.CorruptLog ? ExitCodes.VerificationFailed : ExitCodes.IoError;
                return CommandErrors.Report(stderr, $"the connector cannot start: {exception.Message}", code);
            }
            catch (IOException exception)
            {
                return CommandErrors.Report(stderr, $"the connector cannot start: {exception.Message}", ExitCodes.IoError);
            }

            var identity = app.Identity;
            await stdout.WriteLineAsync($"connector {identity.Id} ({identity.Suite} key {identity.KeyId})").ConfigureAwait(false);
            foreach (var address in app.Addresses)
            {
                await stdout.WriteLineAsync($"listening on {address.ToString().TrimEnd('/')}").ConfigureAwait(false);
            }

            await stdout.WriteLineAsync($"data directory {app.DataDirectory.Root}").ConfigureAwait(false);
            await stdout.WriteLineAsync("press Ctrl+C to stop").ConfigureAwait(false);
            await stdout.FlushAsync(CancellationToken.None).ConfigureAwait(false);

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync("stopped").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
