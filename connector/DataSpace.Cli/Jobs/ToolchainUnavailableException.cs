namespace DataSpace.Cli.Jobs;

/// <summary>The pinned toolchain cannot rebuild a job's source here (missing, or another version): exit 7.</summary>
internal sealed class ToolchainUnavailableException(string message) : Exception(message);
