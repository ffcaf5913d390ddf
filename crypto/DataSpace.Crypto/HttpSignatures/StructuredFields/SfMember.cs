namespace DataSpace.Crypto.HttpSignatures.StructuredFields;

/// <summary>A dictionary member value (RFC 8941 section 3.2): an <see cref="SfItem"/> or an <see cref="SfInnerList"/>.</summary>
internal abstract record SfMember(SfParameters Parameters);
