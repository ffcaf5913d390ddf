namespace DataSpace.Cli.Client;

/// <summary>The connector answered with an error status; the message carries the status and its problem detail.</summary>
internal sealed class ConnectorRefusedException(int status, string detail)
    : Exception($"the connector answered {status}: {detail}")
{
    public int Status { get; } = status;
}
