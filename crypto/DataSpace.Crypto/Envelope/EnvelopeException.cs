using System.Security.Cryptography;

namespace DataSpace.Crypto.Envelope;

/// <summary>An envelope that cannot be parsed or opened; the message says why.</summary>
public sealed class EnvelopeException : CryptographicException
{
    internal const string DecryptionFailedMessage = "decryption failed: wrong key or tampered content";

    public EnvelopeException()
        : base("invalid envelope")
    {
    }

    public EnvelopeException(string message)
        : base(message)
    {
    }

    public EnvelopeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static EnvelopeException DecryptionFailed(Exception? innerException = null) =>
        innerException is null
            ? new EnvelopeException(DecryptionFailedMessage)
            : new EnvelopeException(DecryptionFailedMessage, innerException);
}
