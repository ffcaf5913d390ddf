namespace DataSpace.Cli.Client;

/// <summary>
/// The connector answered with an error status; the message carries the status, its problem detail and, when the problem
/// has one, its <c>traceId</c>: the id to quote to the supplier, which finds the request in its logs by it.
/// </summary>
internal sealed class ConnectorRefusedException(int status, string detail, string? traceId = null)
    : Exception($"the connector answered {status}: {detail}{(traceId is null ? "" : $" (traceId {traceId})")}")
{
    public int Status { get; } = status;

    /// <summary>The problem's <c>traceId</c>, when it had one.</summary>
    public string? TraceId { get; } = traceId;
}
