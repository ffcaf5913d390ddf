namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// A structured field, component name or signature parameter that is not well formed; the message names what is
/// wrong and where. The verifier turns it into <see cref="HttpSignatureFailure.MalformedField"/>; the signer lets it
/// through, since there it is a caller's mistake.
/// </summary>
public sealed class HttpSignatureException : FormatException
{
    public HttpSignatureException()
        : base("malformed HTTP signature field")
    {
    }

    public HttpSignatureException(string message)
        : base(message)
    {
    }

    public HttpSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
