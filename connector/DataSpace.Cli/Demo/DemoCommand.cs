using System.CommandLine;
using System.Globalization;
using DataSpace.Crypto.Signatures;
using DataSpace.Cli.Output;

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
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var directory = parse.GetValue(data)?.FullName
                ?? Path.GetFullPath(Path.Combine("data", "demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new CliInputException($"{directory} is not empty; give --data an empty or new folder");
            }

            if (!SignatureSuites.TryGet(parse.GetValue(suite), out var chosen))
            {
                throw new CliInputException($"--suite '{parse.GetValue(suite)}' is not a signature suite: use ed25519, sm2 or p256");
            }

            // Into a pipe or a file: plain text, no wrapping, so the output can be read and searched.
            return await new DemoRun(CliConsole.For(stdout), directory, chosen).RunAsync(token);
        }, cancellationToken));
        command.Subcommands.Add(CreateData());
        command.Subcommands.Add(CreateFederation());
        return command;
    }

    /// <summary><c>dsc demo federation [--data DIR]</c>: three cities' tax bureaus answer one question together (docs/federation.md).</summary>
    private static Command CreateFederation()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Where to leave the demo's data directories (default: ./data/federation-<time>)" };
        var command = new Command("federation", "Run one statistic over three cities' connectors with secure aggregation and print what each party saw") { data };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            var directory = parse.GetValue(data)?.FullName
                ?? Path.GetFullPath(Path.Combine("data", "federation-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                throw new CliInputException($"{directory} is not empty; give --data an empty or new folder");
            }

            return await new DemoFederationRun(CliConsole.For(stdout), directory).RunAsync(token);
        }, cancellationToken));
        return command;
    }

    /// <summary><c>dsc demo data --out DIR</c>: writes the synthetic sample datasets (the same bytes every time).</summary>
    private static Command CreateData()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the sample datasets into", Required = true };
        var command = new Command("data", "Write the synthetic enterprise tax and social-insurance datasets of samples/data") { output };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, (stdout, _) =>
        {
            var (tax, insurance) = SampleData.Write(parse.GetValue(output)!.FullName);
            stdout.WriteLine(tax);
            stdout.WriteLine(insurance);
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken));
        return command;
    }
}
