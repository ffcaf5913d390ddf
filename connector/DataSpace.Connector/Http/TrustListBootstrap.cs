using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Http;

/// <summary>
/// At start, prepares the store and puts the connector's own key on the trust list as the supplier, so the
/// department hosting the connector can sign its first requests (add parties, register datasets) with it.
/// </summary>
internal sealed class TrustListBootstrap(IConnectorStore store, SigningKey key, ConnectorIdentity identity, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (await store.GetPartyByKeyIdAsync(key.PublicKey.KeyId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        try
        {
            await store.AddPartyAsync(new Party
            {
                Id = identity.Id,
                DisplayName = identity.Name,
                Role = PartyRole.Supplier,
                Keys = [new PartyKey(key.PublicKey.KeyId, key.PublicKey.ExportPem())],
                AddedAt = time.GetUtcNow(),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            // Another replica registered it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
