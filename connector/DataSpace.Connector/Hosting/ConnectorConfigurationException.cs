namespace DataSpace.Connector.Hosting;

/// <summary>
/// The connector cannot start with its configuration: a setting is invalid, or the data directory or key it names
/// cannot be used. The message names the setting (such as <c>Connector:DataDirectory</c>) and what is wrong.
/// </summary>
public sealed class ConnectorConfigurationException : Exception
{
    public ConnectorConfigurationException(string message)
        : base(message)
    {
    }

    public ConnectorConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
