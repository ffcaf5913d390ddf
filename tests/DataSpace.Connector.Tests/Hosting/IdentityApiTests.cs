using System.Net;
using System.Net.Http.Json;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class IdentityApiTests : IAsyncLifetime
{
    private ConnectorServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ConnectorServer.StartAsync(settings: [("Name", "Tax bureau connector"), ("LogOrigin", "tax.example/log")]);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetConnector_ReturnsIdentityOfTheKeyOnDisk()
    {
        using var response = await _server.Client.GetAsync(new Uri("/api/v1/connector", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var identity = await response.Content.ReadFromJsonAsync<ConnectorIdentity>();
        var publicKey = KeyFiles.LoadPublicKey(Path.Combine(_server.DataDirectory, "keys", "connector.key.pub"));
        Assert.NotNull(identity);
        Assert.Equal(publicKey.KeyId, identity.KeyId);
        Assert.Equal(publicKey.KeyId, identity.Id);
        Assert.Equal("Tax bureau connector", identity.Name);
        Assert.Equal("ed25519", identity.Suite);
        Assert.Equal(publicKey, PublicKey.ImportPem(identity.PublicKeyPem));
        Assert.Equal("tax.example/log", identity.LogOrigin);
        Assert.Equal(_server.App.Services.GetRequiredService<Checkpointer>().Origin, identity.LogOrigin);
        Assert.False(string.IsNullOrEmpty(identity.Version));
    }
}
