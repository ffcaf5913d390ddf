using System.CommandLine;
using DataSpace.Cli.Client;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli;

/// <summary>Turns the expected failures of a verb into a one-line message on stderr and an exit code.</summary>
internal static class CommandErrors
{
    public static int Run(ParseResult parseResult, Func<TextWriter, int> action) =>
        RunAsync(parseResult, (output, _) => Task.FromResult(action(output)), CancellationToken.None).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(ParseResult parseResult, Func<TextWriter, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await action(parseResult.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
        }
        catch (CliUsageException exception)
        {
            return Report(error, exception.Message + "; run 'dsc --help' for usage", ExitCodes.Usage);
        }
        catch (Exception exception) when (exception is KeyFormatException or CliInputException or InvalidDataException or ConnectorRefusedException)
        {
            return Report(error, exception.Message, ExitCodes.InputError);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Report(error, exception.Message, ExitCodes.IoError);
        }
    }

    public static int Report(TextWriter error, string message, int exitCode)
    {
        error.WriteLine($"dsc: {message}");
        return exitCode;
    }

    /// <summary>A checkpoint origin given with --origin, checked as a C2SP note key name.</summary>
    public static string? CheckOrigin(string? origin) =>
        origin is null || Crypto.Checkpoints.NoteKeys.IsValidName(origin)
            ? origin
            : throw new CliInputException($"--origin '{origin}' is not a valid log origin: it must be non-empty, without spaces or '+'");
}
