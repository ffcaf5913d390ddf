namespace DataSpace.Connector.Hosting;

/// <summary>
/// The connector will not start on this data: its log failed verification, or its database is lost or unreadable.
/// The message names the file or entry and what to do; nothing was changed (docs/connector-service.md, "Start-up checks").
/// </summary>
public sealed class ConnectorStartRefusedException : Exception
{
    public ConnectorStartRefusedException(ConnectorStartRefusal refusal, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Refusal = refusal;
    }

    public ConnectorStartRefusal Refusal { get; }
}
