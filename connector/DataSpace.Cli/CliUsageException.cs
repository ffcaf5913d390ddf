namespace DataSpace.Cli;

/// <summary>The command line is incomplete in a way the parser cannot see (e.g. no --url and no DSC_URL); exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
