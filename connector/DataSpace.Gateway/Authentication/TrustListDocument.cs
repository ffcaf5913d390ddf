using System.Text.Json.Serialization;

namespace DataSpace.Gateway.Authentication;

/// <summary>The body of the connector's <c>GET /internal/v1/trust-list</c>.</summary>
internal sealed record TrustListDocument(IReadOnlyList<TrustListDocumentParty>? Parties);

internal sealed record TrustListDocumentParty(string? Id, string? Name, string? Role, IReadOnlyList<TrustListDocumentKey>? Keys);

internal sealed record TrustListDocumentKey(string? KeyId, string? PublicKey);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TrustListDocument))]
internal sealed partial class TrustListJsonContext : JsonSerializerContext;
