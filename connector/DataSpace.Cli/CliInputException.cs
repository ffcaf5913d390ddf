namespace DataSpace.Cli;

/// <summary>An input given on the command line cannot be used; the message says which and why.</summary>
internal sealed class CliInputException(string message) : Exception(message);
