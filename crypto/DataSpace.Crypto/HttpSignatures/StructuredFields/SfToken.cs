namespace DataSpace.Crypto.HttpSignatures.StructuredFields;

/// <summary>An RFC 8941 section 3.3.4 token, kept apart from strings so that it serialises without quotes.</summary>
internal readonly record struct SfToken(string Value)
{
    public override string ToString() => Value;
}
