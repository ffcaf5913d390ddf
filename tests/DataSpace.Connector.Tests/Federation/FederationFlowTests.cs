using System.Net;
using System.Text.Json;
using DataSpace.Connector.Federation;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Federation;

/// <summary>
/// Federated jobs through three real connectors on loopback (issue 16; docs/federation.md): one signed request, each
/// connector's own admission, approval and budget; masked vectors sent connector to connector; the aggregator releases
/// only the sum, sealed to the data user; one refusal or a silent participant aborts the whole job.
/// </summary>
public sealed class FederationFlowTests
{
    [Theory]
    [InlineData("x25519", "ed25519")]
    [InlineData("p256", "p256")]
    [InlineData("sm2", "sm2")]
    public async Task ThreeConnectors_ReleaseOnlyTheNoisySum_AndNoPartyHoldsAnotherPartial(string keyAgreement, string suite)
    {
        await using var cluster = await FederationCluster.StartAsync(3, suite: suite);
        var request = cluster.Request("fed-" + keyAgreement, aggregator: 1, epsilon: 4.0, keyAgreement: keyAgreement);

        var jobs = await cluster.SubmitAsync(request);
        for (var c = 0; c < 3; c++)
        {
            await cluster.ApproveAsync(c, jobs[c]);
        }

        var released = await cluster.WaitForJobAsync(1, jobs[1], "Released", "Refused", "Failed");
        Assert.True(released.GetProperty("state").GetString() == "Released", released.ToString());
        foreach (var c in new[] { 0, 2 })
        {
            Assert.Equal("Contributed", (await cluster.WaitForJobAsync(c, jobs[c], "Contributed", "Failed")).GetProperty("state").GetString());
        }

        // The data user opens the sealed sum at the aggregator and checks its receipt.
        using var dataUser = cluster.Client(1, cluster.DataUserKey);
        var result = await FederationCluster.Send(dataUser, HttpMethod.Get, "/api/v1/results/" + jobs[1], null, HttpStatusCode.OK);
        var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
        var identity = cluster.Servers[1].App.Identity;
        var receipt = ResultReceipts.Verify(SignedStatement.Parse(result.GetProperty("receipt").GetRawText()), PublicKey.ImportPem(identity.PublicKeyPem), identity.LogOrigin, envelope);
        Assert.True(receipt.IsValid, receipt.Failure);
        using var document = JsonDocument.Parse(Envelopes.Open(cluster.DataUserKey, jobs[1], SealedEnvelope.Parse(envelope)));
        var release = document.RootElement.GetProperty("result");
        Assert.Equal("laplace", release.GetProperty("mechanism").GetString());

        // Each released count is the three cities' true count plus noise of a known scale (epsilon 4 over 3 queries:
        // a count's discrete Laplace scale is 0.75; 1.5 of that in all with the default tolerance of 1): far within 30.
        foreach (var group in release.GetProperty("groups").EnumerateArray())
        {
            var industry = group.GetProperty("key")[0].GetString()!;
            var truth = cluster.Rows.Sum(rows => rows.Count(r => r.Industry == industry));
            Assert.InRange(group.GetProperty("count").GetInt64(), truth - 30, truth + 30);
            var income = cluster.Rows.Sum(rows => rows.Where(r => r.Industry == industry).Sum(r => r.Income));
            Assert.InRange(group.GetProperty("values")[0].GetProperty("sum").GetDouble(), income - 2_000_000, income + 2_000_000);
        }

        Assert.Equal(4, release.GetProperty("groups").GetArrayLength());

        // What the aggregator received: one masked vector per participant, none of them near a plaintext partial.
        var store = cluster.Servers[1].App.Services.GetRequiredService<IConnectorStore>();
        var vectors = await store.ListFederationVectorsAsync("fed-" + keyAgreement, CancellationToken.None);
        Assert.Equal(3, vectors.Count);
        for (var c = 0; c < 3; c++)
        {
            var vector = Assert.Single(vectors, v => v.Participant == cluster.KeyId(c));
            Assert.True(SecureAggregation.TryDecode(FederationMessages.Text(SignedStatement.Parse(vector.StatementJson), "vector"), 64, out var words, out var problem), problem);
            for (var g = 0; g < FederationCluster.Industries.Length; g++)
            {
                var count = cluster.Rows[c].Count(r => r.Industry == FederationCluster.Industries[g]);
                Assert.True(Math.Abs((long)words[g] - count) > 1_000_000 || Math.Abs((long)words[g]) > 1_000_000_000,
                    $"the aggregator holds connector {c}'s count of {FederationCluster.Industries[g]} ({count}) nearly in the clear: {(long)words[g]}");
            }
        }

        // Every step is in each connector's log: its contribution's vector digest, and the aggregator's release naming them all.
        var contributions = new Dictionary<string, string>();
        for (var c = 0; c < 3; c++)
        {
            using var auditor = cluster.Client(c, cluster.AuditorKey);
            var entries = await EntriesAsync(auditor);
            var contributed = Assert.Single(entries, e => e.GetProperty("action").GetString() == "federation.contribute");
            contributions[cluster.KeyId(c)] = contributed.GetProperty("digests").GetProperty("vector").GetString()!;
            if (c == 1)
            {
                var combined = Assert.Single(entries, e => e.GetProperty("action").GetString() == "result.release");
                foreach (var participant in Enumerable.Range(0, 3).Select(cluster.KeyId))
                {
                    Assert.True(combined.GetProperty("digests").TryGetProperty("vector:" + participant, out _), combined.ToString());
                }
            }
        }

        Assert.Equal(vectors.OrderBy(v => v.Participant).Select(v => v.Digest), contributions.OrderBy(p => p.Key).Select(p => p.Value));
    }

    [Fact]
    public async Task ThreeConnectorsOnPostgres_ReleaseTheSum()
    {
        await using var cluster = await FederationCluster.StartAsync(3, engine: "Postgres");
        var jobs = await cluster.SubmitAsync(cluster.Request("fed-pg", aggregator: 2, epsilon: 4.0));
        for (var c = 0; c < 3; c++)
        {
            await cluster.ApproveAsync(c, jobs[c]);
        }

        var released = await cluster.WaitForJobAsync(2, jobs[2], "Released", "Refused", "Failed");

        Assert.True(released.GetProperty("state").GetString() == "Released", released.ToString());
        Assert.Equal("Contributed", (await cluster.WaitForJobAsync(0, jobs[0], "Contributed", "Failed")).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task OneSupplierRejects_TheWholeJobAbortsWithTheReason_AndNothingIsReleased(string engine)
    {
        await using var cluster = await FederationCluster.StartAsync(3, engine);
        var jobs = await cluster.SubmitAsync(cluster.Request("fed-reject"));
        await cluster.ApproveAsync(0, jobs[0]);
        await cluster.ApproveAsync(1, jobs[1]);
        using (var supplier = cluster.Client(2, cluster.SupplierKeys[2]))
        {
            await FederationCluster.Send(supplier, HttpMethod.Post, $"/api/v1/jobs/{jobs[2]}/reject", new { reason = "not this quarter" }, HttpStatusCode.OK);
        }

        var refused = await cluster.WaitForJobAsync(0, jobs[0], "Refused", "Released");
        Assert.Equal("Refused", refused.GetProperty("state").GetString());
        Assert.Contains("not this quarter", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(cluster.KeyId(2), refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        using var dataUser = cluster.Client(0, cluster.DataUserKey);
        using var response = await dataUser.GetAsync(new Uri("/api/v1/results/" + jobs[0], UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AParticipantGoesOffline_TheAggregatorAbortsAtTheDeadline_NamingIt()
    {
        await using var cluster = await FederationCluster.StartAsync(3);
        var jobs = await cluster.SubmitAsync(cluster.Request("fed-offline", expiresIn: TimeSpan.FromSeconds(6)));
        var silent = cluster.KeyId(2);
        await cluster.Servers[2].DisposeAsync();
        await cluster.ApproveAsync(0, jobs[0]);
        await cluster.ApproveAsync(1, jobs[1]);

        var refused = await cluster.WaitForJobAsync(0, jobs[0], "Refused", "Released");

        Assert.Equal("Refused", refused.GetProperty("state").GetString());
        Assert.Contains($"no vector from {silent}", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_PeerOutsideItsRole_StrangerVectorsAndForeignRequests_AreRefused()
    {
        await using var cluster = await FederationCluster.StartAsync(2);
        var jobs = await cluster.SubmitAsync(cluster.Request("fed-hostile"));

        // A peer connector can do nothing but federation calls.
        using var peer = cluster.Client(0, cluster.SupplierKeys[1]);
        await FederationCluster.Send(peer, HttpMethod.Get, "/api/v1/catalog", null, HttpStatusCode.Forbidden);
        await FederationCluster.Send(peer, HttpMethod.Get, "/api/v1/jobs/" + jobs[0], null, HttpStatusCode.Forbidden);

        // A vector signed by the peer but claiming to be another participant's, and one whose digest is not its own.
        var forged = SignedStatement.Sign("dataspace/federation-vector/v1", new System.Text.Json.Nodes.JsonObject
        {
            ["federation"] = "fed-hostile", ["request"] = "sha256:00", ["participant"] = cluster.KeyId(0), ["job"] = "job-x", ["logIndex"] = 1,
            ["digest"] = SecureAggregation.DigestOf(new ulong[12]), ["minGroupSize"] = 10, ["vector"] = SecureAggregation.Encode(new ulong[12]),
        }, cluster.SupplierKeys[1]);
        var refused = await FederationCluster.Send(peer, HttpMethod.Post, "/api/v1/federations/fed-hostile/vectors",
            new { statement = System.Text.Json.Nodes.JsonNode.Parse(forged.ToString()) }, HttpStatusCode.BadRequest);
        Assert.Contains("another participant", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The operator's request must be signed by the operator who brings it.
        using var dataUser = cluster.Client(0, cluster.DataUserKey);
        await FederationCluster.Send(dataUser, HttpMethod.Post, "/api/v1/federations", new { statement = System.Text.Json.Nodes.JsonNode.Parse(cluster.Request("fed-2").ToString()) },
            HttpStatusCode.Forbidden);
    }

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient auditor)
    {
        var page = await FederationCluster.Send(auditor, HttpMethod.Get, "/api/v1/audit/entries?start=0&count=1000", null, HttpStatusCode.OK);
        return [.. page.GetProperty("leaves").EnumerateArray().Select(l => JsonDocument.Parse(l.GetString()!).RootElement.GetProperty("entry").Clone())];
    }
}
