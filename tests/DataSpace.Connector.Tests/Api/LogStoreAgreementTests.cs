using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Connector.Tests.Support;
using DataSpace.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// The log never says something happened that did not: for every write endpoint, the store's write after the log
/// append is made to fail (as a full disk would), and the opening entry must then be closed by an <c>aborted</c> entry
/// naming the same operation, the store must be unchanged, and a retry must succeed. Failed dataset registrations are
/// logged as failures. On SQLite and PostgreSQL.
/// </summary>
public sealed class LogStoreAgreementTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private static string Offer(string action = "dsc:computeAggregate") =>
        $$"""{"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:x", "target": "tax", "permission": [{"action": "{{action}}"}]}""";

    public static TheoryData<string, string> Endpoints() => new()
    {
        { "Sqlite", AuditActions.PartyAdd },
        { "Sqlite", AuditActions.DatasetRegister },
        { "Sqlite", AuditActions.OfferCreate },
        { "Sqlite", AuditActions.AgreementCreate },
        { "Sqlite", AuditActions.AgreementRevoke },
        { "Sqlite", AuditActions.JobSubmit },
        { "Sqlite", AuditActions.JobApprove },
        { "Sqlite", AuditActions.JobReject },
        { "Sqlite", AuditActions.ResultRelease },
        { "Sqlite", AuditActions.ResultRefuse },
        { "Postgres", AuditActions.OfferCreate },
        { "Postgres", AuditActions.AgreementRevoke },
        { "Postgres", AuditActions.JobApprove },
        { "Postgres", AuditActions.ResultRelease },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task WriteEndpoint_StoreFailsAfterTheLogAppend_TheEntryIsClosedAsAbortedAndNothingChanges(string engine, string action)
    {
        FaultInjectingStore? faults = null;
        await using var scenario = await Scenario.StartAsync(engine, hooks: new ConnectorHostHooks
        {
            ConfigureBuilder = builder => builder.Services.AddSingleton(provider =>
                FaultInjectingStore.Wrap(new SqlConnectorStore(provider.GetRequiredService<StorageDatabase>()), out faults)),
        });
        var (method, request) = await PrepareAsync(scenario, action);
        var before = (await scenario.LogAsync()).Count;

        faults!.FailNext(method);
        var failed = await request();

        Assert.Equal(1, faults.Injected);
        Assert.Equal(HttpStatusCode.InternalServerError, failed);
        var added = (await scenario.LogAsync()).Skip(before).ToList();
        Assert.Equal([(action, "aborted")], added.Skip(1).Select(e => (e.GetProperty("action").GetString(), e.GetProperty("decision").GetString())));
        Assert.Equal(Operation(added[0]), Operation(added[1]));
        Assert.NotEqual("aborted", added[0].GetProperty("decision").GetString());
        Assert.Empty(await LogStoreAgreement.FindDisagreementsAsync(scenario.Supplier));
        var store = scenario.Server.App.Services.GetRequiredService<IConnectorStore>();
        var replica = scenario.Server.App.Services.GetRequiredService<ConnectorReplica>();
        Assert.Empty(await store.ListOperationsAsync(replica.Id, CancellationToken.None));

        var retried = await request();
        Assert.True(retried is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent, $"the retry of {action} answered {(int)retried}");
        foreach (var job in (await store.ListJobsAsync(null, CancellationToken.None)).Where(j => j.State is Model.JobState.Approved or Model.JobState.Running))
        {
            await scenario.WaitForJobAsync(job.Id, "Released", "Refused", "Failed");
        }

        Assert.Empty(await LogStoreAgreement.FindDisagreementsAsync(scenario.Supplier));
    }

    [Fact]
    public async Task RunnerRelease_StoreFailsAfterTheLogAppend_TheReleaseIsAbortedAndTheJobFailsWithoutAResult()
    {
        FaultInjectingStore? faults = null;
        await using var scenario = await Scenario.StartAsync(hooks: new ConnectorHostHooks
        {
            ConfigureBuilder = builder => builder.Services.AddSingleton(provider =>
                FaultInjectingStore.Wrap(new SqlConnectorStore(provider.GetRequiredService<StorageDatabase>()), out faults)),
        });
        await scenario.OfferAsync("offer-1", Offer());
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;

        faults!.FailNext(nameof(IConnectorStore.FinalizeJobAsync));
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.InternalServerError);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Running", "Released");
        var released = await scenario.WaitForJobAsync(job, "Released");

        Assert.Equal("Released", released.GetProperty("state").GetString());
        var actions = (await scenario.LogAsync()).Where(e => e.GetProperty("resource").GetString() == "job/" + job)
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("decision").GetString())).ToList();
        Assert.Equal(
            [("job.submit", "permit"), ("job.approve", "permit"), ("job.approve", "aborted"), ("job.approve", "permit"), ("job.start", "permit"),
             ("policy.decision", "permit"), ("dataset.read", "permit"), ("result.release", "permit")],
            actions);
        Assert.Empty(await LogStoreAgreement.FindDisagreementsAsync(scenario.Supplier));
    }

    [Fact]
    public async Task RegisterDataset_FileCannotBeRead_IsLoggedAsAFailure()
    {
        await using var scenario = await Scenario.StartAsync();
        var broken = Path.Combine(Path.GetDirectoryName(scenario.CsvPath)!, "broken.csv");
        await File.WriteAllBytesAsync(broken, [.. "region\n"u8, 0x63, 0x61, 0x66, 0xE9, (byte)'\n']); // not UTF-8

        var refused = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/datasets",
            new { id = "broken", name = "Broken", location = broken, format = (string?)"csv", classificationLevel = 1 }, HttpStatusCode.BadRequest);

        var entries = (await scenario.LogAsync()).Where(e => e.GetProperty("resource").GetString() == "dataset/broken").ToList();
        Assert.Equal(["permit", "aborted"], entries.Select(e => e.GetProperty("decision").GetString()));
        Assert.Contains("registration failed", entries[1].GetProperty("details").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("broken.csv", entries[1].GetRawText(), StringComparison.Ordinal);
        Assert.NotNull(refused.GetProperty("detail").GetString());
        Assert.Empty(await LogStoreAgreement.FindDisagreementsAsync(scenario.Supplier));
    }

    [Fact]
    public async Task RegisterDataset_MissingFile_IsRefusedBeforeAnythingIsLogged()
    {
        // The location is checked against the data roots, and the file opened, before the registration is logged.
        await using var scenario = await Scenario.StartAsync();

        var refused = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/datasets",
            new { id = "missing", name = "Missing", location = scenario.CsvPath + ".gone", format = (string?)"csv", classificationLevel = 1 }, HttpStatusCode.BadRequest);

        Assert.Equal($"location: {scenario.CsvPath}.gone: dataset file does not exist", refused.GetProperty("detail").GetString());
        Assert.DoesNotContain(await scenario.LogAsync(), e => e.GetProperty("resource").GetString() == "dataset/missing");
    }

    private static string? Operation(JsonElement entry) => entry.GetProperty("details").GetProperty(AuditTrail.OperationDetail).GetString();

    /// <summary>What to arm, and the request (repeatable) whose effect it fails.</summary>
    private static async Task<(string Method, Func<Task<HttpStatusCode>> Request)> PrepareAsync(Scenario scenario, string action)
    {
        Func<Task<HttpStatusCode>> Post(HttpClient client, string path, object? body) => async () =>
        {
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), body is null ? null : System.Net.Http.Json.JsonContent.Create(body));
            return response.StatusCode;
        };

        switch (action)
        {
            case AuditActions.PartyAdd:
                using (var key = DataSpace.Crypto.Signatures.SignatureSuites.Ed25519.GenerateKey())
                {
                    return (nameof(IConnectorStore.AddPartyAsync), Post(scenario.Supplier, "/api/v1/parties",
                        new { id = "urn:party:new", name = "New", role = "Auditor", publicKeys = new[] { key.PublicKey.ExportPem() } }));
                }

            case AuditActions.DatasetRegister:
                return (nameof(IConnectorStore.AddDatasetAsync), Post(scenario.Supplier, "/api/v1/datasets",
                    new { id = "tax-2", name = "Tax again", location = scenario.CsvPath, format = (string?)null, classificationLevel = 1 }));
            case AuditActions.OfferCreate:
                return (nameof(IConnectorStore.AddOfferAsync), Post(scenario.Supplier, "/api/v1/offers",
                    new { id = "offer-1", dataset = Scenario.Dataset, policy = JsonNode.Parse(Offer()) }));
            case AuditActions.AgreementCreate:
                await scenario.OfferAsync("offer-1", Offer());
                return (nameof(IConnectorStore.AddAgreementAsync), Post(scenario.Operator, "/api/v1/agreements",
                    Scenario.AgreementRequest(scenario.OperatorKey, "agr-1", "offer-1", "statistics")));
            case AuditActions.AgreementRevoke:
                await scenario.OfferAsync("offer-1", Offer());
                await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
                return (nameof(IConnectorStore.RevokeAgreementAsync), Post(scenario.Supplier, "/api/v1/agreements/agr-1/revoke", null));
        }

        var custom = action is AuditActions.ResultRelease or AuditActions.ResultRefuse;
        await scenario.OfferAsync("offer-1", Offer(custom ? "dsc:customAnalysis" : "dsc:computeAggregate"));
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        if (action == AuditActions.JobSubmit)
        {
            var manifest = scenario.Manifest("agr-1");
            return (nameof(IConnectorStore.AddJobAsync), Post(scenario.Operator, "/api/v1/jobs", new { manifest, module = Convert.ToBase64String(Scenario.GroupedStatsWasm), source = Scenario.TestSource }));
        }

        if (!custom)
        {
            var job = (await scenario.SubmitAsync(scenario.Manifest("agr-1"))).GetProperty("id").GetString()!;
            return (nameof(IConnectorStore.FinalizeJobAsync),
                Post(scenario.Supplier, $"/api/v1/jobs/{job}/{(action == AuditActions.JobApprove ? "approve" : "reject")}", null));
        }

        var held = await scenario.HeldForReviewAsync("agr-1");
        return (nameof(IConnectorStore.FinalizeJobAsync),
            Post(scenario.Supplier, $"/api/v1/jobs/{held}/review", new { release = action == AuditActions.ResultRelease, reason = "checked" }));
    }
}
