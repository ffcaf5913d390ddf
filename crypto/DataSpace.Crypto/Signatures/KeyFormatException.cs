namespace DataSpace.Crypto.Signatures;

/// <summary>Key input that cannot be used; the message names what is wrong with it.</summary>
public sealed class KeyFormatException : FormatException
{
    public KeyFormatException()
        : base("invalid key")
    {
    }

    public KeyFormatException(string message)
        : base(message)
    {
    }

    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
