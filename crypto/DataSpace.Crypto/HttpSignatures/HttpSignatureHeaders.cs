namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The two field values a signer adds to the message (RFC 9421 section 4): each a one-member structured
/// dictionary keyed by the signature's label.
/// </summary>
public sealed record HttpSignatureHeaders(string SignatureInput, string Signature)
{
    public const string SignatureInputName = "Signature-Input";
    public const string SignatureName = "Signature";
}
