using System.CommandLine;

namespace DataSpace.Cli.Tests.Support;

/// <summary>Runs <c>dsc</c> in-process with captured output.</summary>
internal static class Dsc
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DscCommand.RunAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
