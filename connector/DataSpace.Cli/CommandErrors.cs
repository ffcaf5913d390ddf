using System.CommandLine;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli;

/// <summary>Turns the expected failures of a verb into a one-line message on stderr and an exit code.</summary>
internal static class CommandErrors
{
    public static int Run(ParseResult parseResult, Func<TextWriter, int> action)
    {
        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return action(parseResult.InvocationConfiguration.Output);
        }
        catch (KeyFormatException exception)
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
}
