namespace DataSpace.Connector.Model;

/// <summary>A party on the connector's trust list.</summary>
public sealed record Party
{
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required PartyRole Role { get; init; }

    /// <summary>The party's public keys, in the order they were added.</summary>
    public required IReadOnlyList<PartyKey> Keys { get; init; }

    public required DateTimeOffset AddedAt { get; init; }
}
