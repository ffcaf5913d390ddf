using System.Net;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Replicas;

/// <summary>
/// Issue 18, "done when": three replicas of one connector, one shared log. The parties, dataset and agreement go in
/// through the first, the job is submitted to the second and approved on the third, a runner of one of them releases
/// it; the data user's receipt verifies, and its entry is proven (by a proof the third replica serves) in the tree of a
/// checkpoint the second replica signed; the first and third replicas export the same log, which verifies.
/// </summary>
public sealed class ThreeReplicaFlowTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task JobReleasedByOneReplica_ReceiptProvenAgainstAnothersCheckpoint_ExportOfAThirdIdentical()
    {
        var root = _files.Combine("replicas");
        var dataset = SampleFiles.CopyTaxCsvTo(root);
        await using var replicas = await ReplicaSet.StartAsync(root, 3);
        var keys = _files.Combine("keys");
        using var operatorKey = Scenario.NewKey(keys, "operator", SignatureSuites.Ed25519);
        using var dataUserKey = Scenario.NewKey(keys, "data-user", SignatureSuites.P256);
        using var auditorKey = Scenario.NewKey(keys, "auditor", SignatureSuites.Sm2);
        using var supplierKey = KeyFiles.LoadSigningKey(replicas.KeyFile);
        var publicKey = KeyFiles.LoadPublicKey(replicas.KeyFile + ".pub");
        var origin = CheckpointNote.DefaultOrigin(publicKey);
        var (a, b, c) = (replicas.Address(0)!, replicas.Address(1)!, replicas.Address(2)!);

        using (var supplier = new SignedClient(supplierKey, a, []))
        using (var operatorOnA = new SignedClient(operatorKey, a, []))
        {
            await Scenario.AgreeAsync(supplier, operatorOnA, dataset, operatorKey, dataUserKey, auditorKey);
        }

        // Submitted on B (its trust list and agreement were written through A), approved on C.
        using var operatorOnB = new SignedClient(operatorKey, b, []);
        var job = (await operatorOnB.PostAsync("/api/v1/jobs", Scenario.Job(Scenario.Manifest(dataUserKey.PublicKey.ExportPem()), SampleFiles.GroupedStatsWasm), HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        using (var supplierOnC = new SignedClient(supplierKey, c, []))
        {
            await supplierOnC.PostAsync($"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        }

        await operatorOnB.WaitForJobAsync(job, TimeSpan.FromSeconds(120), "Released");

        // The data user fetches the result from A: the receipt verifies offline.
        using var dataUserOnA = new SignedClient(dataUserKey, a, []);
        var result = await dataUserOnA.GetAsync("/api/v1/results/" + job);
        var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
        var receipt = ResultReceipts.Verify(SignedStatement.Parse(result.GetProperty("receipt").GetRawText()), publicKey, origin, envelope);
        Assert.True(receipt.IsValid, receipt.Failure);

        // A checkpoint B signs now, and C's proof of the release entry in that tree.
        using var anyone = new HttpClient();
        Checkpoint? checkpoint = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            Assert.True(CheckpointNote.TryOpen(await anyone.GetStringAsync(new Uri(b, "/api/v1/audit/checkpoint")), publicKey, origin, out checkpoint, out var error), error);
            if (checkpoint!.Size > receipt.Content!.LogIndex)
            {
                break;
            }

            await Task.Delay(100);
        }

        using var auditorOnC = new SignedClient(auditorKey, c, []);
        var proof = await auditorOnC.GetAsync($"/api/v1/audit/proof/inclusion?index={receipt.Content!.LogIndex}&treeSize={checkpoint!.Size}");
        var hashes = proof.GetProperty("hashes").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        var hasher = MerkleHasher.For(receipt.Content.LogDigest);
        Assert.True(MerkleVerifier.VerifyInclusion(hasher, receipt.Content.LogIndex, checkpoint.Size, hasher.HashLeaf(receipt.Content.Leaf.Span), hashes, checkpoint.RootHash.Span));

        // A and C export the same history (once both have signed a checkpoint of the last size), and it verifies.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var files = new List<(string Entries, string Checkpoint)>();
        foreach (var (address, name) in new[] { (a, "a"), (c, "c") })
        {
            using var auditor = new SignedClient(auditorKey, address, []);
            var folder = _files.Combine("export-" + name);
            await auditor.ExportAuditLogAsync(folder);
            var verified = LogExportVerifier.Verify(folder, publicKey, null);
            Assert.True(verified.IsValid, verified.Detail);
            files.Add((await File.ReadAllTextAsync(Path.Combine(folder, "entries.jsonl")), await File.ReadAllTextAsync(Path.Combine(folder, "checkpoint"))));
        }

        Assert.Equal(files[0].Entries, files[1].Entries);
        Assert.Equal(files[0].Checkpoint, files[1].Checkpoint); // Ed25519 signatures are deterministic: one note for one tree
    }
}
