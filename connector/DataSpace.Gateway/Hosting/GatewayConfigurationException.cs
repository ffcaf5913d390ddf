namespace DataSpace.Gateway.Hosting;

/// <summary>The gateway cannot start with its configuration; the message names the key (such as <c>Gateway:Connectors:0</c>).</summary>
public sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException()
        : base("invalid gateway configuration")
    {
    }

    public GatewayConfigurationException(string message)
        : base(message)
    {
    }

    public GatewayConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
