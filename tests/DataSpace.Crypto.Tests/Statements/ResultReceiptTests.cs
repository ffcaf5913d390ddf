using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Digests;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Statements;

/// <summary>A receipt built from a real log and checkpoint, verified offline with only the connector's public key.</summary>
public sealed class ResultReceiptTests : IDisposable
{
    private const string Origin = "connector.example/log";
    private static readonly byte[] Sealed = Encoding.UTF8.GetBytes("sealed envelope bytes");
    private static readonly string Module = "sha256:" + new string('a', 64);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<(SigningKey Key, SignedStatement Receipt)> Issue(
        string suite = "ed25519", DigestAlgorithm digest = DigestAlgorithm.Sha256, Func<LogEntry, LogEntry>? alter = null, MeterRecord? logged = null, MeterRecord? inReceipt = null)
    {
        var key = SignatureSuites.Get(suite).GenerateKey();
        await using var log = TransparencyLog.Open(new LogOptions { Directory = _temp.Combine("log-" + suite + digest), Digest = digest });
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(LogEntries.Make($"dataset/d{i}", "dataset.read"));
        }

        var release = LogEntries.Make("job/j-7", ResultReceipts.ReleaseAction) with
        {
            Digests = new Dictionary<string, string> { ["output"] = ResultReceipts.OutputDigestOf(Sealed), ["module"] = Module },
            Details = logged is null ? null : new Dictionary<string, string> { [ResultReceipts.MeterDetail] = logged.ToJson() },
        };
        var index = await log.AppendAsync(alter is null ? release : alter(release));
        await log.AppendAsync(LogEntries.Make("job/j-8", "job.submit"));
        await using var checkpointer = new Checkpointer(log, key, Origin, null, TimeSpan.FromHours(1), TimeProvider.System);
        var receipt = ResultReceipts.Create(Content() with { Meter = inReceipt }, log, index, checkpointer.SignNow(), key);
        return (key, receipt);
    }

    private static ReceiptContent Content() => new()
    {
        JobId = "j-7",
        ModuleDigest = Module,
        AgreementId = "a-1",
        Datasets = [new("d-tax", "sha256:" + new string('b', 64))],
        OutputDigest = ResultReceipts.OutputDigestOf(Sealed),
        Recipient = "0011223344556677",
        LogDigest = DigestAlgorithm.Sha256,
        LogIndex = 0,
        Leaf = ReadOnlyMemory<byte>.Empty,
        InclusionProof = [],
        Checkpoint = "",
    };

    [Theory]
    [InlineData("ed25519", DigestAlgorithm.Sha256)]
    [InlineData("sm2", DigestAlgorithm.Sm3)]
    [InlineData("p256", DigestAlgorithm.Sha256)]
    public async Task A_receipt_verifies_offline_after_a_round_trip(string suite, DigestAlgorithm digest)
    {
        var (key, receipt) = await Issue(suite, digest);
        using (key)
        {
            var parsed = SignedStatement.Parse(receipt.ToCanonicalJson());
            var result = ResultReceipts.Verify(parsed, key.PublicKey, Origin, Sealed);

            Assert.True(result.IsValid, result.Failure);
            Assert.Equal(5, result.Content!.LogIndex);
            Assert.Equal(7, result.Checkpoint!.Size);
            Assert.Equal("d-tax", Assert.Single(result.Content.Datasets).Id);
        }
    }

    [Fact]
    public async Task Verify_NamesTheStageThatFailed_SoEachCheckCanBeShownOnItsOwn()
    {
        var (key, receipt) = await Issue();
        var (key2, wrongEntry) = await Issue("p256", alter: entry => entry with { Action = "job.submit" });
        using var impostor = SignatureSuites.Ed25519.GenerateKey();
        using (key)
        using (key2)
        {
            Assert.Null(ResultReceipts.Verify(receipt, key.PublicKey, Origin, Sealed).FailedStage);
            Assert.Equal(ReceiptCheckStage.Signature, ResultReceipts.Verify(receipt, impostor.PublicKey, Origin, Sealed).FailedStage);
            Assert.Equal(ReceiptCheckStage.Output, ResultReceipts.Verify(receipt, key.PublicKey, Origin, [.. Sealed, 0]).FailedStage);
            Assert.Equal(ReceiptCheckStage.Checkpoint, ResultReceipts.Verify(receipt, key.PublicKey, "another.example/log", Sealed).FailedStage);
            Assert.Equal(ReceiptCheckStage.LogEntry, ResultReceipts.Verify(wrongEntry, key2.PublicKey, Origin, Sealed).FailedStage);
        }
    }

    private static readonly MeterRecord Meter = new()
    {
        Outcome = MeterOutcome.Released, Billable = true, RowsRead = 400, ColumnsRead = 3, CpuSeconds = 10, Epsilon = 0.5m, Delta = 0.000001m,
    };

    [Fact]
    public async Task Verify_ReceiptCarryingTheLoggedMeter_IsValidAndReadsIt()
    {
        var (key, receipt) = await Issue(logged: Meter, inReceipt: Meter);
        using (key)
        {
            var result = ResultReceipts.Verify(SignedStatement.Parse(receipt.ToCanonicalJson()), key.PublicKey, Origin, Sealed);

            Assert.True(result.IsValid, result.Failure);
            Assert.Equal(Meter, result.Content!.Meter);
        }
    }

    [Fact]
    public async Task Verify_ReceiptWhoseMeterWasAltered_FailsNamingTheMeter()
    {
        var (key, receipt) = await Issue(logged: Meter, inReceipt: Meter with { CpuSeconds = 0 });
        using (key)
        {
            var failure = ResultReceipts.Verify(receipt, key.PublicKey, Origin, Sealed).Failure;

            Assert.Equal($"log entry 5: the receipt's meter {(Meter with { CpuSeconds = 0 }).ToJson()} is not the logged meter {Meter.ToJson()}", failure);
        }
    }

    [Fact]
    public async Task Verify_ReceiptDroppingOrAddingAMeter_Fails()
    {
        var (key, dropped) = await Issue(logged: Meter);
        var (key2, added) = await Issue("p256", inReceipt: Meter);
        using (key)
        using (key2)
        {
            Assert.Equal("log entry 5: the entry carries a meter, the receipt does not", ResultReceipts.Verify(dropped, key.PublicKey, Origin, Sealed).Failure);
            Assert.Equal("log entry 5: the entry carries no meter, the receipt does", ResultReceipts.Verify(added, key2.PublicKey, Origin, Sealed).Failure);
        }
    }

    [Fact]
    public async Task Verify_ReceiptWithAMalformedMeter_NamesTheField()
    {
        var (key, receipt) = await Issue(logged: Meter, inReceipt: Meter);
        using (key)
        {
            var body = receipt.Body.DeepClone().AsObject();
            body["meter"]!["epsilon"] = 0.5;
            var forged = SignedStatement.Sign(ResultReceipts.Type, body, key);

            Assert.Contains("receipt's 'meter.epsilon' is missing or not a non-negative decimal", ResultReceipts.Verify(forged, key.PublicKey, Origin, Sealed).Failure,
                StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Other_output_origin_or_key_fail_with_the_reason()
    {
        var (key, receipt) = await Issue();
        using var other = SignatureSuites.Ed25519.GenerateKey();
        using (key)
        {
            Assert.Equal("the output's digest is not the receipt's " + ResultReceipts.OutputDigestOf(Sealed),
                ResultReceipts.Verify(receipt, key.PublicKey, Origin, "other"u8).Failure);
            Assert.StartsWith("checkpoint: ", ResultReceipts.Verify(receipt, key.PublicKey, "elsewhere/log", Sealed).Failure, StringComparison.Ordinal);
            Assert.StartsWith("statement was signed by key", ResultReceipts.Verify(receipt, other.PublicKey, Origin, Sealed).Failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_log_entry_that_is_not_this_release_is_refused()
    {
        var (key, receipt) = await Issue(alter: e => e with { Resource = "job/j-9" });
        using (key)
        {
            Assert.Contains("not the release of job/j-7", ResultReceipts.Verify(receipt, key.PublicKey, Origin, Sealed).Failure, StringComparison.Ordinal);
        }

        var (key2, receipt2) = await Issue("p256", alter: e => e with { Digests = new Dictionary<string, string> { ["output"] = ResultReceipts.OutputDigestOf(Sealed) } });
        using (key2)
        {
            Assert.Contains("does not name the receipt's output and module", ResultReceipts.Verify(receipt2, key2.PublicKey, Origin, Sealed).Failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_receipt_resigned_with_a_bad_proof_or_leaf_is_refused()
    {
        var (key, receipt) = await Issue();
        using (key)
        {
            var content = ResultReceipts.Read(receipt.Body);

            var badProof = content.InclusionProof.Select(h => (byte[])h.Clone()).ToList();
            badProof[0][0] ^= 1;
            Assert.Equal("the inclusion proof of entry 5 does not lead to the checkpoint's root",
                ResultReceipts.Verify(ResultReceipts.Create(content with { InclusionProof = badProof }, key), key.PublicKey, Origin, Sealed).Failure);

            Assert.Equal("the log leaf is entry 5, not 4",
                ResultReceipts.Verify(ResultReceipts.Create(content with { LogIndex = 4 }, key), key.PublicKey, Origin, Sealed).Failure);

            Assert.Equal("log index 9 is beyond the checkpoint's size 7",
                ResultReceipts.Verify(ResultReceipts.Create(content with { LogIndex = 9 }, key), key.PublicKey, Origin, Sealed).Failure);
        }
    }

    [Fact]
    public void A_receipt_body_missing_a_field_names_it()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var statement = SignedStatement.Sign(ResultReceipts.Type, new JsonObject { ["job"] = "j", ["log"] = new JsonObject(), ["datasets"] = new JsonArray() }, key);
        var result = ResultReceipts.Verify(statement, key.PublicKey, Origin, Sealed);
        Assert.Equal("receipt's 'log.proof' is missing or not an array", result.Failure);
    }
}
