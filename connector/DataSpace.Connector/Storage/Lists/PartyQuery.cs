using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage;

/// <summary>One page of the trust list by party id after <see cref="After"/>, of one role or all.</summary>
public sealed record PartyQuery
{
    public required int Limit { get; init; }

    public string? After { get; init; }

    public PartyRole? Role { get; init; }
}
