using System.CommandLine;

namespace DataSpace.Cli.Tests.Support;

/// <summary>Runs <c>dsc</c> in-process with captured output.</summary>
internal static class Dsc
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Runs until the command ends by itself or <paramref name="cancellationToken"/> stops it (as Ctrl+C would).</summary>
    public static async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DscCommand.RunAsync(args, new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
