using System.Net;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// The list endpoints' cursor pagination and filters (docs/connector-service.md, "Lists"), on both engines: every item
/// once and in order across pages, also with inserts between pages; hostile cursors and limits refused; the visibility
/// rules hold through every filter and cursor.
/// </summary>
public sealed class ListPagingTests
{
    private const string Policy = """
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer",
         "uid": "urn:offer:1", "target": "tax", "permission": [{"action": "dsc:computeAggregate"}]}
        """;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Jobs_PagedWithInsertsBetweenPages_EachOnceInOrder(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Policy);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-r", "offer-1", "statistics", rival: true);
        var submitted = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            submitted.Add(await SubmitAsync(scenario, i % 2 == 0));
        }

        var seen = new List<string>();
        string? next = "/api/v1/jobs?limit=3";
        var pages = 0;
        while (next is not null)
        {
            var (items, link) = await PageAsync(scenario.Supplier, next);
            seen.AddRange(items.Select(j => j.GetProperty("id").GetString()!));
            next = link;
            if (++pages == 1)
            {
                submitted.Add(await SubmitAsync(scenario, mine: true));
                submitted.Add(await SubmitAsync(scenario, mine: false));
            }
        }

        Assert.Equal(submitted, seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Jobs_AnOperatorThroughAnyFilterOrCursor_SeesOnlyItsOwn(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Policy);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-r", "offer-1", "statistics", rival: true);
        var mine = new List<string>();
        var theirs = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            mine.Add(await SubmitAsync(scenario, mine: true));
            theirs.Add(await SubmitAsync(scenario, mine: false));
        }

        Assert.Equal(theirs, await AllIdsAsync(scenario.Rival, "/api/v1/jobs?limit=2"));
        Assert.Empty(await AllIdsAsync(scenario.Rival, "/api/v1/jobs?operator=" + Uri.EscapeDataString(Scenario.OperatorId)));
        Assert.Empty(await AllIdsAsync(scenario.Rival, "/api/v1/jobs?agreement=agr-1"));
        Assert.Equal(theirs, await AllIdsAsync(scenario.Rival, "/api/v1/jobs?dataset=tax&state=submitted"));
        Assert.Equal(mine, await AllIdsAsync(scenario.Supplier, "/api/v1/jobs?agreement=agr-1&limit=3"));
        Assert.Equal(theirs, await AllIdsAsync(scenario.Auditor, "/api/v1/jobs?operator=" + Uri.EscapeDataString(Scenario.RivalId)));

        // The supplier's cursor (same list, same filters) only positions the rival's page: still only the rival's jobs.
        var (_, supplierNext) = await PageAsync(scenario.Supplier, "/api/v1/jobs?limit=1");
        Assert.Equal(theirs, await AllIdsAsync(scenario.Rival, supplierNext!));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Lists_HostileCursorsAndLimits_Are400AndChangeNothing(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Policy);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-2", "offer-1", "statistics");
        await SubmitAsync(scenario, mine: true);
        await SubmitAsync(scenario, mine: true);
        var (_, agreementsNext) = await PageAsync(scenario.Supplier, "/api/v1/agreements?limit=1");
        var agreementsCursor = Cursor(agreementsNext!);
        var (_, submittedNext) = await PageAsync(scenario.Supplier, "/api/v1/jobs?limit=1&state=submitted");
        var sqlish = Convert.ToBase64String(Encoding.UTF8.GetBytes("[\"jobs\",\"x\",0,\"' OR 1=1 --\"]")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        foreach (var (path, parameter) in new[]
        {
            ("/api/v1/jobs?cursor=not-a-cursor", "cursor"),
            ("/api/v1/jobs?cursor=' OR 1=1; DROP TABLE jobs; --", "cursor"),
            ("/api/v1/jobs?cursor=" + sqlish, "cursor"),
            ("/api/v1/jobs?cursor=" + agreementsCursor, "cursor"),
            ("/api/v1/jobs?cursor=" + Cursor(submittedNext!), "cursor"),
            ("/api/v1/agreements?state=active&cursor=" + agreementsCursor, "cursor"),
            ("/api/v1/parties?cursor=" + agreementsCursor, "cursor"),
            ("/api/v1/audit/search?cursor=" + agreementsCursor, "cursor"),
            ("/api/v1/jobs?limit=0", "limit"),
            ("/api/v1/jobs?limit=501", "limit"),
            ("/api/v1/offers?limit=abc", "limit"),
            ("/api/v1/catalog?limit=-1", "limit"),
            ("/api/v1/jobs?operator=a%20b", "operator"),
            ("/api/v1/agreements?state=pending", "state"),
            ("/api/v1/parties?role=root", "role"),
            ("/api/v1/audit/search?from=yesterday", "from"),
            ("/api/v1/audit/search?resource=%E2%80%AE", "resource"),
        })
        {
            var problem = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, path, null, HttpStatusCode.BadRequest);
            Assert.StartsWith(parameter + ":", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await AllIdsAsync(scenario.Supplier, "/api/v1/jobs")).Count);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Filters_AgreementsPartiesOffersCatalogue_SelectWhatTheyName(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Policy);
        await scenario.OfferAsync("offer-2", Policy.Replace("urn:offer:1", "urn:offer:2", StringComparison.Ordinal));
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-2", "offer-1", "statistics");
        await scenario.AgreeAsync("agr-r", "offer-2", "statistics", rival: true);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/agreements/agr-2/revoke", null, HttpStatusCode.NoContent);

        Assert.Equal(["agr-1", "agr-2", "agr-r"], await AllIdsAsync(scenario.Auditor, "/api/v1/agreements?limit=1"));
        Assert.Equal(["agr-1", "agr-r"], await AllIdsAsync(scenario.Supplier, "/api/v1/agreements?state=active"));
        Assert.Equal(["agr-2"], await AllIdsAsync(scenario.Supplier, "/api/v1/agreements?state=revoked"));
        Assert.Empty(await AllIdsAsync(scenario.Supplier, "/api/v1/agreements?state=ended"));
        Assert.Equal(["agr-r"], await AllIdsAsync(scenario.Supplier, "/api/v1/agreements?operator=" + Uri.EscapeDataString(Scenario.RivalId)));
        Assert.Equal(["agr-1", "agr-2"], await AllIdsAsync(scenario.Operator, "/api/v1/agreements"));
        Assert.Empty(await AllIdsAsync(scenario.Operator, "/api/v1/agreements?operator=" + Uri.EscapeDataString(Scenario.RivalId)));

        Assert.Equal([Scenario.OperatorId, Scenario.RivalId], await AllIdsAsync(scenario.Supplier, "/api/v1/parties?role=operator&limit=1"));
        Assert.Equal(["offer-1", "offer-2"], await AllIdsAsync(scenario.DataUser, "/api/v1/offers?dataset=tax&limit=1"));
        Assert.Empty(await AllIdsAsync(scenario.DataUser, "/api/v1/offers?dataset=social"));
        await scenario.RegisterSocialAsync();
        Assert.Equal(["social", "tax"], await AllIdsAsync(scenario.Operator, "/api/v1/catalog?limit=1"));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task AuditSearch_Filters_SelectTheLogsEntriesInLogOrder(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-1", Policy);
        await scenario.AgreeAsync("agr-1", "offer-1", "statistics");
        var log = await scenario.LogAsync();

        async Task<List<JsonElement>> All(string query)
        {
            var all = new List<JsonElement>();
            string? next = "/api/v1/audit/search?limit=2" + query;
            while (next is not null)
            {
                var (items, link) = await PageAsync(scenario.Auditor, next);
                all.AddRange(items);
                next = link;
            }

            return all;
        }

        var every = await All("");
        Assert.Equal(Enumerable.Range(0, log.Count).Select(i => (long)i), every.Select(e => e.GetProperty("index").GetInt64()));
        Assert.Equal(
            log.Select((e, i) => (e, i)).Where(x => x.e.GetProperty("action").GetString() == "party.add").Select(x => (long)x.i),
            (await All("&action=party.add")).Select(e => e.GetProperty("index").GetInt64()));
        Assert.Equal(["agreement/agr-1"], (await All("&resource=agreement/")).Select(e => e.GetProperty("resource").GetString()));
        Assert.Equal(["dataset/tax"], (await All("&resource=dataset/ta")).Select(e => e.GetProperty("resource").GetString()));
        Assert.All(await All("&actor=" + Uri.EscapeDataString(Scenario.OperatorId)), e => Assert.Equal(Scenario.OperatorId, e.GetProperty("actor").GetString()));
        Assert.NotEmpty(await All("&actor=" + Uri.EscapeDataString(Scenario.OperatorId)));
        Assert.Empty(await All("&to=2000-01-01T00:00:00Z"));
        Assert.Equal(log.Count, (await All("&from=2000-01-01T00:00:00Z")).Count);
        var last = every[^1].GetProperty("when").GetDateTimeOffset();
        Assert.All(await All("&from=" + Uri.EscapeDataString(last.ToString("O"))), e => Assert.True(e.GetProperty("when").GetDateTimeOffset() >= last));
    }

    [Fact]
    public async Task WhoAmI_EachRole_TellsItsPartyAndRole_AnUnknownKeyIs401()
    {
        await using var scenario = await Scenario.StartAsync();
        foreach (var (client, party, role) in new[]
        {
            (scenario.Operator, Scenario.OperatorId, "Operator"),
            (scenario.DataUser, Scenario.DataUserId, "DataUser"),
            (scenario.Auditor, "urn:party:auditor", "Auditor"),
        })
        {
            var me = await Scenario.SendAsync(client, HttpMethod.Get, "/api/v1/whoami", null, HttpStatusCode.OK);
            Assert.Equal(party, me.GetProperty("party").GetString());
            Assert.Equal(role, me.GetProperty("role").GetString());
            Assert.Equal(party, me.GetProperty("name").GetString());
        }

        var supplier = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/whoami", null, HttpStatusCode.OK);
        Assert.Equal("Supplier", supplier.GetProperty("role").GetString());
        Assert.Equal(scenario.SupplierKey.PublicKey.KeyId, supplier.GetProperty("keyId").GetString());
        using var stranger = DataSpace.Crypto.Signatures.SignatureSuites.Ed25519.GenerateKey();
        using var client2 = scenario.Client(stranger);
        await Scenario.SendAsync(client2, HttpMethod.Get, "/api/v1/whoami", null, HttpStatusCode.Unauthorized);
    }

    private static async Task<string> SubmitAsync(Scenario scenario, bool mine) =>
        (await scenario.SubmitAsync(scenario.Manifest(mine ? "agr-1" : "agr-r"), client: mine ? scenario.Operator : scenario.Rival)).GetProperty("id").GetString()!;

    private static string Cursor(string link) => Uri.UnescapeDataString(link[(link.IndexOf("cursor=", StringComparison.Ordinal) + 7)..].Split('&')[0]);

    private static async Task<(List<JsonElement> Items, string? Next)> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        string? next = null;
        if (response.Headers.TryGetValues("Link", out var links))
        {
            var link = Assert.Single(links);
            Assert.EndsWith(">; rel=\"next\"", link, StringComparison.Ordinal);
            next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
        }

        return ([.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())], next);
    }

    private static async Task<List<string>> AllIdsAsync(HttpClient client, string path)
    {
        var ids = new List<string>();
        string? next = path;
        while (next is not null)
        {
            var (items, link) = await PageAsync(client, next);
            ids.AddRange(items.Select(j => j.GetProperty("id").GetString()!));
            next = link;
        }

        return ids;
    }
}
