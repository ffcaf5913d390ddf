using System.CommandLine;
using System.Globalization;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;
using Spectre.Console;

namespace DataSpace.Cli.Demo;

/// <summary>
/// <c>dsc demo</c>: the signed access log end to end on one machine: a connector key, audited events, a signed
/// checkpoint, an inclusion proof, an export verified offline, and a tampered copy caught by the verifier.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Where to leave the demo's data directory (default: ./data/demo-<time>)" };
        var suite = new Option<string>("--suite") { Description = "The connector's signature suite: ed25519, sm2 or p256", DefaultValueFactory = _ => "ed25519" };
        var command = new Command("demo", "Run the connector's flow on one machine with embedded defaults and print what happened") { data, suite };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(data)?.FullName
                ?? Path.GetFullPath(Path.Combine("data", "demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new CliInputException($"{directory} is not empty; give --data an empty or new folder");
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(parse.InvocationConfiguration.Output) });
            return await new DemoRun(console, directory, SignatureSuites.Get(parse.GetValue(suite)!)).RunAsync(cancellationToken);
        });
        return command;
    }
}
