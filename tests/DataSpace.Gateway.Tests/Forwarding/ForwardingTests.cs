using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Gateway.Tests.Support;

namespace DataSpace.Gateway.Tests.Forwarding;

/// <summary>
/// A real gateway in front of a real connector: what it forwards (with the verified party), what it refuses
/// (and that the connector never sees it), and the routes it never exposes.
/// </summary>
public sealed class ForwardingTests(GatewayStackFixture fixture) : IClassFixture<GatewayStackFixture>
{
    private GatewayStack Stack => fixture.Stack;

    [Fact]
    public async Task SignedCatalogGet_IsForwardedAndTheConnectorSeesTheVerifiedParty()
    {
        using var client = Stack.Client(Stack.Operator);

        using var response = await client.GetAsync(new Uri("/api/v1/catalog?t=catalog-ok", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Stack.Seen, s => s.Target.Contains("t=catalog-ok", StringComparison.Ordinal));
        Assert.Equal(GatewayStack.OperatorId, seen.Party);
        Assert.Equal("gateway", seen.Via);
        Assert.True(seen.HadAssertion);
        Assert.False(seen.HadSignature);
    }

    [Fact]
    public async Task ForwardedRequest_CarriesNoForwardedForOrTraceHeaders()
    {
        using var client = Stack.Client(Stack.Operator);

        using var response = await client.GetAsync(new Uri("/api/v1/catalog?t=no-extra-headers", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Stack.Seen, s => s.Target.Contains("t=no-extra-headers", StringComparison.Ordinal));
        Assert.Contains("Dsc-Gateway", seen.HeaderNames, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain(seen.HeaderNames, name =>
            name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
            || name.Equals("traceparent", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Request-Id", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PercentEncodedQuery_IsForwardedExactlyAndItsAssertionVerifies()
    {
        using var client = Stack.Client(Stack.Auditor);
        const string target = "/api/v1/catalog?q=a%20b%2Fc+d&x=%C3%A9%26y%3D1%2B&t=encoded";

        using var response = await client.GetAsync(new Uri(target, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(Stack.Seen, s => s.Target.Contains("t=encoded", StringComparison.Ordinal));
        Assert.Equal(target, seen.Target);
        Assert.Equal(GatewayStack.AuditorId, seen.Party);
    }

    [Fact]
    public async Task OperatorPostWithBody_AgreementIsConcluded()
    {
        // Datasets live under the connector's data roots (by default <data dir>/datasets).
        var csv = Path.Combine(Directory.CreateDirectory(Path.Combine(Stack.Replicas[0].DataDirectory, "datasets")).FullName, "tax.csv");
        var rows = new StringBuilder("taxpayer_id,region,income,tax\n");
        for (var i = 0; i < 60; i++)
        {
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"TP-{i},{11 + (i % 3)},{5000 + i},{100 + i}\n");
        }

        await File.WriteAllTextAsync(csv, rows.ToString());
        using (var direct = new HttpClient(new DataSpace.Connector.Http.SigningHandler(Stack.Supplier)) { BaseAddress = Stack.Replicas[0].BaseAddress })
        {
            using var dataset = await direct.PostAsJsonAsync("/api/v1/datasets", new { id = "tax", name = "Tax", location = csv, classificationLevel = 2 });
            Assert.True(dataset.StatusCode == HttpStatusCode.Created, await dataset.Content.ReadAsStringAsync());
            using var offer = await direct.PostAsJsonAsync("/api/v1/offers", new { id = "offer-1", dataset = "tax", policy = OfferPolicy() });
            Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        }

        var statement = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = "agr-gw",
            ["offer"] = "offer-1",
            ["purpose"] = "credit-statistics",
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
        }, Stack.Operator);
        using var client = Stack.Client(Stack.Operator);

        using var response = await client.PostAsJsonAsync("/api/v1/agreements", new { statement = JsonNode.Parse(statement.ToString()) });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var seen = Assert.Single(Stack.Seen, s => s.Method == "POST" && s.Target == "/api/v1/agreements");
        Assert.Equal(GatewayStack.OperatorId, seen.Party);
        Assert.Equal(201, seen.Status);
    }

    [Fact]
    public async Task BadSignature_Is401AtTheGatewayAndNeverForwarded()
    {
        var capture = new CapturingHandler();
        using (var signing = Stack.Client(Stack.Operator, inner: capture))
        {
            using var ok = await signing.GetAsync(new Uri("/api/v1/catalog?t=bad-sig", UriKind.Relative));
        }

        var signature = capture.LastHeaders["Signature"];
        var flipped = signature[..^3] + (signature[^3] == 'A' ? 'B' : 'A') + signature[^2..];

        using var response = await SendWithAsync(HttpMethod.Get, "/api/v1/catalog?t=bad-sig-2", capture.LastHeaders, ("Signature", flipped));

        await AssertRefusedAsync(response, "bad-sig-2");
    }

    [Fact]
    public async Task KeyNotOnTheTrustList_Is401AndNeverForwarded()
    {
        using var stranger = SignatureSuites.Ed25519.GenerateKey();
        using var client = Stack.Client(stranger);

        using var response = await client.GetAsync(new Uri("/api/v1/catalog?t=stranger", UriKind.Relative));

        var problem = await AssertRefusedAsync(response, "t=stranger");
        Assert.Contains("UnknownKeyId", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignatureForAnotherTarget_Is401AndNeverForwarded()
    {
        var capture = new CapturingHandler();
        using (var signing = Stack.Client(Stack.Operator, inner: capture))
        {
            using var ok = await signing.GetAsync(new Uri("/api/v1/catalog?t=first", UriKind.Relative));
        }

        using var response = await SendWithAsync(HttpMethod.Get, "/api/v1/catalog?t=moved", capture.LastHeaders);

        var problem = await AssertRefusedAsync(response, "t=moved");
        Assert.Contains("SignatureInvalid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedBody_Is401AndNeverForwarded()
    {
        // Signed but never sent: its nonce is fresh, so only the body's digest can refuse it.
        var capture = new CapturingHandler(send: false);
        using (var signing = Stack.Client(Stack.Operator, inner: capture))
        {
            using var first = await signing.PostAsync(
                new Uri("/api/v1/agreements?t=body-1", UriKind.Relative), new StringContent("{\"statement\":1}", Encoding.UTF8, "application/json"));
        }

        using var response = await SendWithAsync(
            HttpMethod.Post, "/api/v1/agreements?t=body-1", capture.LastHeaders, body: "{\"statement\":2}");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("ContentDigestMismatch", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Stack.Seen, s => s.Target.Contains("t=body-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReplayedRequest_Is401AndForwardedOnlyOnce()
    {
        var capture = new CapturingHandler();
        using (var signing = Stack.Client(Stack.Operator, inner: capture))
        {
            using var first = await signing.GetAsync(new Uri("/api/v1/catalog?t=replay", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var response = await SendWithAsync(HttpMethod.Get, "/api/v1/catalog?t=replay", capture.LastHeaders);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Replayed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Single(Stack.Seen, s => s.Target.Contains("t=replay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaleCreated_Is401AndNeverForwarded()
    {
        using var client = Stack.Client(Stack.Operator, new ShiftedTime(TimeSpan.FromMinutes(-5)));

        using var response = await client.GetAsync(new Uri("/api/v1/catalog?t=stale", UriKind.Relative));

        var problem = await AssertRefusedAsync(response, "t=stale");
        Assert.Contains("TooOld", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_Is401AndNeverForwarded()
    {
        using var plain = Stack.Plain();

        using var response = await plain.GetAsync(new Uri("/api/v1/catalog?t=unsigned", UriKind.Relative));

        await AssertRefusedAsync(response, "t=unsigned");
        Assert.Equal("Signature", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("POST", "/api/v1/parties")]
    [InlineData("POST", "/api/v1/datasets")]
    [InlineData("POST", "/api/v1/offers")]
    [InlineData("POST", "/api/v1/agreements/a/revoke")]
    [InlineData("POST", "/api/v1/jobs/j/approve")]
    [InlineData("POST", "/api/v1/jobs/j/reject")]
    [InlineData("GET", "/api/v1/jobs/j/review")]
    [InlineData("POST", "/api/v1/jobs/j/review")]
    [InlineData("POST", "/api/v1/settlements")]
    [InlineData("GET", "/api/v1/settlements/preview")]
    [InlineData("DELETE", "/api/v1/parties/urn:party:credit-bureau")]
    [InlineData("GET", "/api/v1/datasets/registrations/r-1")]
    [InlineData("GET", "/internal/v1/trust-list")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("DELETE", "/api/v1/catalog")]
    [InlineData("GET", "/api/v1/nothing")]
    public async Task RouteOffTheAllowList_Is404EvenWithAValidSupplierSignature(string method, string path)
    {
        using var client = Stack.Client(Stack.Supplier);
        using var request = new HttpRequestMessage(new HttpMethod(method), path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "t=off-list");
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.DoesNotContain(Stack.Seen, s => s.Target.StartsWith(path + "?t=off-list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgedAssertionWithoutSignature_Is401AndNeverForwarded()
    {
        var secret = GatewaySecretFile.Load(Stack.SecretFile);
        var forged = GatewayAssertion.Create(
            secret, "GET", "/api/v1/parties?t=forged", Stack.SupplierId, Stack.Supplier.PublicKey.KeyId,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(), GatewayAssertion.NewNonce(), null);

        using var response = await SendWithAsync(HttpMethod.Get, "/api/v1/parties?t=forged", new Dictionary<string, string>(), ("Dsc-Gateway", forged));

        await AssertRefusedAsync(response, "t=forged");
    }

    [Fact]
    public async Task ForgedAssertionBesideAValidSignature_IsReplacedByTheGatewaysOwn()
    {
        var secret = GatewaySecretFile.Load(Stack.SecretFile);
        const string target = "/api/v1/parties?t=forged-signed";
        var forged = GatewayAssertion.Create(
            secret, "GET", target, Stack.SupplierId, Stack.Supplier.PublicKey.KeyId,
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(), GatewayAssertion.NewNonce(), null);
        using var client = Stack.Client(Stack.Operator);
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.TryAddWithoutValidation("Dsc-Gateway", forged);

        using var response = await client.SendAsync(request);

        // The operator may not read the trust list; the forged supplier assertion never reached the connector.
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        var seen = Assert.Single(Stack.Seen, s => s.Target == target);
        Assert.Equal(GatewayStack.OperatorId, seen.Party);
    }

    [Fact]
    public async Task PublicCheckpoint_UnsignedIsForwardedPlain()
    {
        using var plain = Stack.Plain();

        using var response = await plain.GetAsync(new Uri("/api/v1/audit/checkpoint?t=checkpoint", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Stack.Replicas[0].App.Identity.LogOrigin, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var seen = Assert.Single(Stack.Seen, s => s.Target.Contains("t=checkpoint", StringComparison.Ordinal));
        Assert.False(seen.HadAssertion);
        Assert.Null(seen.Party);
    }

    [Fact]
    public async Task AuditorReadsThePartiesThroughTheGateway()
    {
        using var client = Stack.Client(Stack.Auditor);

        using var response = await client.GetAsync(new Uri("/api/v1/parties", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(GatewayStack.OperatorId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataUserAsksWhoItIsThroughTheGateway_AsTheConsoleDoesFirst()
    {
        using var client = Stack.Client(Stack.DataUser);

        using var response = await client.GetAsync(new Uri("/api/v1/whoami", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var whoami = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("DataUser", whoami.RootElement.GetProperty("role").GetString());
    }

    [Fact]
    public async Task OperatorReadsItsSettlementsThroughTheGateway()
    {
        using var client = Stack.Client(Stack.Operator);

        using var list = await client.GetAsync(new Uri("/api/v1/settlements?period=2026-11&t=settlements", UriKind.Relative));
        using var one = await client.GetAsync(new Uri("/api/v1/settlements/2026-11/no-such-agreement?t=settlement", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
        await ProblemAssert.IsProblemAsync(one, HttpStatusCode.NotFound);
        Assert.Contains(Stack.Seen, s => s.Target.EndsWith("t=settlement", StringComparison.Ordinal) && s.Party == GatewayStack.OperatorId);
    }

    [Fact]
    public async Task AccessLog_HasOneLineWithPartyRouteStatusAndReplica()
    {
        using var client = Stack.Client(Stack.DataUser);
        using var response = await client.GetAsync(new Uri("/api/v1/jobs/no-such-job?t=access-log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        string? line = null;
        await GatewayStack.EventuallyAsync(
            () => Task.FromResult((line = Stack.LogLines().FirstOrDefault(l => l.Contains("/api/v1/jobs/no-such-job", StringComparison.Ordinal))) is not null),
            "the access log line is written");

        using var entry = JsonDocument.Parse(line!);
        var root = entry.RootElement;
        Assert.Equal("GET", root.GetProperty("RequestMethod").GetString());
        Assert.Equal(404, root.GetProperty("StatusCode").GetInt32());
        Assert.Equal(GatewayStack.DataUserId, root.GetProperty("Party").GetString());
        Assert.Equal("job", root.GetProperty("Route").GetString());
        Assert.Equal(Stack.Replicas[0].BaseAddress.ToString(), root.GetProperty("Replica").GetString());
        Assert.True(root.GetProperty("Elapsed").GetDouble() >= 0);
        Assert.DoesNotContain("t=access-log", line, StringComparison.Ordinal);
        Assert.Single(Stack.LogLines(), l => l.Contains("/api/v1/jobs/no-such-job", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessLog_RefusedRequestHasNoParty()
    {
        using var plain = Stack.Plain();
        using var response = await plain.GetAsync(new Uri("/api/v1/results/refused-log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        string? line = null;
        await GatewayStack.EventuallyAsync(
            () => Task.FromResult((line = Stack.LogLines().FirstOrDefault(l => l.Contains("/api/v1/results/refused-log", StringComparison.Ordinal))) is not null),
            "the access log line is written");

        using var entry = JsonDocument.Parse(line!);
        Assert.Equal("-", entry.RootElement.GetProperty("Party").GetString());
        Assert.Equal("-", entry.RootElement.GetProperty("Replica").GetString());
        Assert.Equal(401, entry.RootElement.GetProperty("StatusCode").GetInt32());
    }

    private async Task<HttpResponseMessage> SendWithAsync(
        HttpMethod method,
        string target,
        IReadOnlyDictionary<string, string> headers,
        (string Name, string Value)? replace = null,
        string? body = null)
    {
        using var plain = Stack.Plain();
        using var request = new HttpRequestMessage(method, target);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            if (replace is not { } r || !r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (replace is { } replacement)
        {
            request.Headers.TryAddWithoutValidation(replacement.Name, replacement.Value);
        }

        return await plain.SendAsync(request);
    }

    private async Task<JsonElement> AssertRefusedAsync(HttpResponseMessage response, string marker)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(Stack.Seen, s => s.Target.Contains(marker, StringComparison.Ordinal));
        return problem;
    }

    private static JsonObject OfferPolicy() => JsonNode.Parse("""
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Offer", "uid": "urn:policy:tax-statistics", "profile": "https://dataspace.example/odrl/profile#",
          "assigner": "urn:party:tax-bureau", "target": "tax",
          "permission": [{
            "action": "dsc:computeAggregate",
            "constraint": [
              {"leftOperand": "purpose", "operator": "eq", "rightOperand": "credit-statistics"},
              {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 20}
            ]
          }]
        }
        """)!.AsObject();
}
