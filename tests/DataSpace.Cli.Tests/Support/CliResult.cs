namespace DataSpace.Cli.Tests.Support;

/// <summary>What one in-process <c>dsc</c> run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);
