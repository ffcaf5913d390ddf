using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;
using Npgsql;

namespace DataSpace.EndToEnd.Tests.Replicas;

/// <summary>
/// A replica on the shared log refuses to start on a log that does not verify (docs/audit-log.md, "Shared log on
/// PostgreSQL"), as a connector refuses a damaged file log: it exits naming the entry, and never writes to it.
/// </summary>
public sealed class SharedLogStartTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task ALeafAlteredInTheDatabase_TheReplicaRefusesToStart_NamingTheEntry()
    {
        await using var replicas = await ReplicaSet.StartAsync(_files.Combine("replicas"), 1);
        using (var supplierKey = KeyFiles.LoadSigningKey(replicas.KeyFile))
        using (var supplier = new SignedClient(supplierKey, replicas.Address(0)!, []))
        using (var auditorKey = SignatureSuites.Ed25519.GenerateKey())
        {
            await supplier.PostAsync("/api/v1/parties", Scenario.Party("urn:party:audit-office", "Audit office", "Auditor", auditorKey), System.Net.HttpStatusCode.Created);
        }

        await replicas.KillAsync(0);
        await using (var connection = new NpgsqlConnection(replicas.ConnectionString))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand("UPDATE log_leaves SET leaf = overlay(leaf placing 'X'::bytea from 30 for 1) WHERE seq = 0", connection);
            Assert.Equal(1, await alter.ExecuteNonQueryAsync());
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => replicas.RestartAsync(0));

        Assert.Contains("the shared transparency log refused to open: shared log entry 0", refused.Message, StringComparison.Ordinal);
    }
}
