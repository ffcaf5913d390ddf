namespace DataSpace.Connector.Hosting;

/// <summary>
/// The <c>Connector:Gateway</c> section: whether requests forwarded by the gateway with a <c>Dsc-Gateway</c>
/// assertion are accepted (docs/gateway.md), the secret they are MAC'd with, and how old one may be.
/// </summary>
public sealed class ConnectorGatewayOptions
{
    /// <summary>Accept gateway assertions; when false, a request carrying <c>Dsc-Gateway</c> is refused with 401.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The shared secret, created on first start; by default <c>&lt;data dir&gt;/keys/gateway.secret</c>.</summary>
    public string? SecretFile { get; set; }

    /// <summary>How old an assertion's <c>created</c> may be (plus <c>ClockSkew</c> of 30 s).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(60);
}
