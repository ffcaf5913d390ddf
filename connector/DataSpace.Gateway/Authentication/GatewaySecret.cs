using System.Security.Cryptography;

namespace DataSpace.Gateway.Authentication;

/// <summary>The secret shared with the connectors (<c>Gateway:ConnectorSecretFile</c>); zeroed on dispose.</summary>
internal sealed class GatewaySecret(byte[] secret) : IDisposable
{
    public ReadOnlySpan<byte> Value => secret;

    public void Dispose() => CryptographicOperations.ZeroMemory(secret);
}
