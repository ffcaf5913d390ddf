using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Federation;

/// <summary>
/// The connector's federation secret (<c>keys/federation.secret</c>, made on first use like the gateway secret): the
/// key material its per-federation mask key pairs are derived from, so that a key pair needs no storing and a
/// restart derives the same one (docs/federation.md, "Keys").
/// </summary>
internal sealed class FederationMasks(string secretFile) : IDisposable
{
    private readonly Lazy<byte[]> _secret = new(() => DataSpace.Crypto.HttpSignatures.GatewaySecretFile.LoadOrCreate(secretFile));

    /// <summary>This connector's mask key pair for <paramref name="request"/>: bound to the federation id and the request's digest.</summary>
    public MaskKeyPair KeyPair(FederationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MaskKeyPair.Derive(request.KeyAgreement, _secret.Value, Binding(request));
    }

    /// <summary>
    /// What every key pair and pairwise seed of the federation is bound to: the federation id and the request's digest,
    /// so that a federation id used again with another request never gives the same masks (two vectors masked alike
    /// would give away their difference).
    /// </summary>
    public static string Binding(FederationRequest request) => request.FederationId + "|" + request.Digest;

    public void Dispose()
    {
        if (_secret.IsValueCreated)
        {
            Array.Clear(_secret.Value);
        }
    }
}

/// <summary>The calls a connector makes to its federation peers: signed with its own key (RFC 9421), answered or thrown as <see cref="FederationPeerException"/>.</summary>
internal sealed class FederationPeers(SigningKey connectorKey, TimeProvider time) : IDisposable
{
    private readonly HttpClient _client = new(new SigningHandler(connectorKey, time)) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task PostAsync(Uri connector, string path, object body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        HttpResponseMessage response;
        try
        {
            // Relative to the participant's URL, which may carry a path (a gateway's prefix): the request normalises it to end with '/'.
            response = await _client.PostAsync(new Uri(connector, path.TrimStart('/')), JsonContent.Create(body), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new FederationPeerException($"{connector} did not answer: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new FederationPeerException($"{connector} answered {(int)response.StatusCode}: {Detail(text)}");
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private static string Detail(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : text[..Math.Min(200, text.Length)];
        }
        catch (JsonException)
        {
            return text[..Math.Min(200, text.Length)];
        }
    }
}

/// <summary>A peer connector did not take a federation message: the message says which and why.</summary>
public sealed class FederationPeerException : Exception
{
    public FederationPeerException()
    {
    }

    public FederationPeerException(string message)
        : base(message)
    {
    }

    public FederationPeerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
