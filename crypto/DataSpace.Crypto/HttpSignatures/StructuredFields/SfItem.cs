namespace DataSpace.Crypto.HttpSignatures.StructuredFields;

/// <summary>
/// An RFC 8941 section 3.3 item: a bare item (<see cref="long"/>, <see cref="decimal"/>, <see cref="string"/>,
/// <see cref="SfToken"/>, <see cref="T:byte[]"/> or <see cref="bool"/>) with its parameters in order.
/// </summary>
internal sealed record SfItem(object Value, SfParameters Parameters) : SfMember(Parameters)
{
    public SfItem(object value)
        : this(value, SfParameters.Empty)
    {
    }
}
