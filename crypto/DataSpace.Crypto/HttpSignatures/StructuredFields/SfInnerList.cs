namespace DataSpace.Crypto.HttpSignatures.StructuredFields;

/// <summary>An RFC 8941 section 3.1.1 inner list: items in parentheses, with parameters on the list.</summary>
internal sealed record SfInnerList(IReadOnlyList<SfItem> Items, SfParameters Parameters) : SfMember(Parameters);
