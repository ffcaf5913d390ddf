using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>Records with every field set, and a helper that stores the chain a job needs.</summary>
internal static class StoreSamples
{
    public const string ModuleDigest = "sha256:6d6f64756c65";

    public static readonly byte[] Module = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    private static DateTimeOffset Now => TestDatabase.Now;

    public static Party Party(string id, PartyRole role = PartyRole.Operator) => new()
    {
        Id = id,
        DisplayName = $"Party {id}",
        Role = role,
        Keys =
        [
            new PartyKey($"{id}#key-1", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA1111\n-----END PUBLIC KEY-----\n"),
            new PartyKey($"{id}#key-2", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA2222\n-----END PUBLIC KEY-----\n"),
        ],
        AddedAt = Now,
    };

    public static Dataset Dataset(string id) => new()
    {
        Id = id,
        Name = $"Dataset {id}",
        Format = DatasetFormat.Parquet,
        Location = $"datasets/{id}.parquet",
        SchemaJson = """{"columns":[{"name":"district","type":"string"},{"name":"income","type":"double"}]}""",
        RowCount = 10_000,
        ContentDigest = "sha256:0f1e2d3c",
        ClassificationLevel = 3,
        RegisteredAt = Now.AddMinutes(1),
    };

    public static Offer Offer(string id, string datasetId) => new()
    {
        Id = id,
        DatasetId = datasetId,
        PolicyJson = """{"@type":"Offer","permission":[{"action":"use"}]}""",
        CreatedAt = Now.AddMinutes(2),
    };

    public static Agreement Agreement(string id, string offerId, string datasetId, string operatorId) => new()
    {
        Id = id,
        OfferId = offerId,
        DatasetId = datasetId,
        OperatorId = operatorId,
        Purpose = "regional income statistics",
        PolicyJson = """{"@type":"Agreement","permission":[{"action":"use"}]}""",
        ValidFrom = Now.AddMinutes(3),
        ValidUntil = Now.AddYears(1),
        SupplierSignature = "c3VwcGxpZXI=",
        OperatorSignature = "b3BlcmF0b3I=",
        CreatedAt = Now.AddMinutes(3),
    };

    public static Job Job(string id, string agreementId, string operatorId, JobState state = JobState.Submitted) => new()
    {
        Id = id,
        AgreementId = agreementId,
        OperatorId = operatorId,
        DataUserId = "urn:party:user",
        DataUserPublicKeyPem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VuAyEA3333\n-----END PUBLIC KEY-----\n",
        ModuleDigest = ModuleDigest,
        ManifestJson = """{"agreement":"a","datasets":[{"id":"d","columns":["income"]}],"output":"aggregate"}""",
        State = state,
        SubmittedAt = Now.AddMinutes(4),
    };

    public static JobResult Result(string jobId) => new()
    {
        JobId = jobId,
        Envelope = new byte[] { 1, 2, 3, 0, 255 },
        ReceiptJson = """{"job":"j","output":"sha256:abcd","logIndex":42}""",
        OutputDigest = "sha256:abcd",
        LogIndex = 42,
        CreatedAt = Now.AddMinutes(9),
    };

    /// <summary>Stores a supplier, an operator, a dataset, an offer, an agreement and the module; returns the agreement.</summary>
    public static async Task<Agreement> SeedAgreementAsync(IConnectorStore store, string suffix = "", CancellationToken cancellationToken = default)
    {
        if (await store.GetPartyAsync("urn:party:operator", cancellationToken) is null)
        {
            await store.AddPartyAsync(Party("urn:party:supplier", PartyRole.Supplier), cancellationToken);
            await store.AddPartyAsync(Party("urn:party:operator"), cancellationToken);
        }

        await store.AddDatasetAsync(Dataset("urn:dataset:income" + suffix), cancellationToken);
        await store.AddOfferAsync(Offer("urn:offer:income" + suffix, "urn:dataset:income" + suffix), cancellationToken);
        var agreement = Agreement("urn:agreement:income" + suffix, "urn:offer:income" + suffix, "urn:dataset:income" + suffix, "urn:party:operator");
        await store.AddAgreementAsync(agreement, cancellationToken);
        await store.PutModuleAsync(ModuleDigest, Module, cancellationToken);
        return agreement;
    }

    /// <summary>A new operation on <paramref name="resource"/> by <paramref name="runnerId"/>.</summary>
    public static PendingOperation Operation(string resource, string runnerId = "replica-a", string action = "job.start") => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Action = action,
        Resource = resource,
        Actor = "urn:party:supplier",
        RunnerId = runnerId,
        LogFrom = 7,
        StartedAt = Now.AddMinutes(5),
    };

    /// <summary>Moves a job from <paramref name="from"/> to <paramref name="to"/> as the lifecycle does: claim, then finalize.</summary>
    public static async Task MoveAsync(
        IConnectorStore store, string jobId, JobState from, JobState to, CancellationToken cancellationToken, long rows = 0, JobResult? result = null, JobChanges? changes = null)
    {
        var operation = Operation("job/" + jobId);
        Assert.True(await store.TryClaimJobAsync(jobId, from, operation, cancellationToken), $"claim {jobId} {from}");
        Assert.True(await store.FinalizeJobAsync(new JobFinalization
        {
            JobId = jobId,
            OperationId = operation.Id,
            To = to,
            Changes = changes ?? JobChanges.None,
            RowsProcessed = rows,
            Result = result,
        }, cancellationToken), $"finalize {jobId} {to}");
    }
}
