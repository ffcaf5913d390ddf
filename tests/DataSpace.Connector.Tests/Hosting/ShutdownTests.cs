using System.Net;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Tests.Hosting;

public sealed class ShutdownTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Stop_RequestInFlight_CompletesBeforeTheAppStops()
    {
        var server = await ConnectorServer.StartAsync(_temp.Combine("data"), hooks: TestEndpoints.Hooks);
        var tag = Guid.NewGuid().ToString("N");
        var request = server.Client.GetAsync(new Uri($"/test/slow?milliseconds=500&tag={tag}", UriKind.Relative));
        // Stop only once the request is in the endpoint (on a loaded machine it may not even be connected after 100 ms).
        await TestEndpoints.Started(tag).Task.WaitAsync(TimeSpan.FromSeconds(30));

        await server.App.StopAsync();

        using var response = await request;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_ClosesTheLogAndLeavesASignedCheckpoint()
    {
        var data = _temp.Combine("data");
        string keyId;
        await using (var server = await ConnectorServer.StartAsync(data))
        {
            keyId = server.App.Identity.KeyId;
        }

        // The log's directory lock is released: another writer can open it.
        await using (var log = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(data, "log") }))
        {
            Assert.Equal(0, log.Head.Size);
        }

        var note = await File.ReadAllTextAsync(Path.Combine(data, "log", "checkpoint"));
        var publicKey = KeyFiles.LoadPublicKey(Path.Combine(data, "keys", "connector.key.pub"));
        Assert.Equal(keyId, publicKey.KeyId);
        Assert.StartsWith(CheckpointNote.DefaultOrigin(publicKey) + "\n0\n", note, StringComparison.Ordinal);
    }
}
