using System.Security.Cryptography;

namespace DataSpace.Connector.Http;

/// <summary>
/// What the connector needs to accept requests forwarded by its gateway (docs/gateway.md): whether it does at
/// all, the shared secret and how old an assertion may be. The secret is zeroed when the app is disposed.
/// </summary>
internal sealed class GatewayTrust : IDisposable
{
    private readonly byte[] _secret;

    public GatewayTrust(bool enabled, byte[] secret, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Enabled = enabled;
        _secret = secret;
        MaxAge = maxAge;
    }

    public bool Enabled { get; }

    public TimeSpan MaxAge { get; }

    public ReadOnlySpan<byte> Secret => _secret;

    public void Dispose() => CryptographicOperations.ZeroMemory(_secret);
}
