namespace DataSpace.Crypto.HttpSignatures;

/// <summary>The gateway secret file is missing, too open, or not a secret; the message names the file.</summary>
public sealed class GatewaySecretException : Exception
{
    public GatewaySecretException()
        : base("the gateway secret file cannot be used")
    {
    }

    public GatewaySecretException(string message)
        : base(message)
    {
    }

    public GatewaySecretException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
