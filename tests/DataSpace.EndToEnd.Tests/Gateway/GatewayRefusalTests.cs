using System.Net;
using System.Text.RegularExpressions;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Gateway;

/// <summary>
/// The gateway is the only door: a request whose signature is missing, wrong, from a stranger, made for another
/// request, too old or replayed is refused there with 401, and a supplier-only or internal route is not there at
/// all (404); none of them ever reaches the connector, whose request log proves it.
/// </summary>
public sealed class GatewayRefusalTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static string Probe(string name) => $"/api/v1/jobs/{name}-{Guid.NewGuid():N}";

    private HttpClient Signed(SigningKey key, RecordingHandler? recorder = null, TimeProvider? time = null) =>
        new(new SigningHandler(key, time, recorder ?? (HttpMessageHandler)new SocketsHttpHandler())) { BaseAddress = fixture.Gateway.BaseAddress };

    [Fact]
    public async Task SignedRequest_OfAPartyOnTheTrustList_IsForwardedToTheConnector()
    {
        var probe = Probe("forwarded");
        using var client = Signed(fixture.OperatorKey);

        using var catalog = await client.GetAsync("/api/v1/catalog");
        using var job = await client.GetAsync(probe);

        Assert.True(catalog.StatusCode == HttpStatusCode.OK, $"{(int)catalog.StatusCode} {await catalog.Content.ReadAsStringAsync()}\n{fixture.Gateway.Process.Describe()}");
        Assert.True(job.StatusCode == HttpStatusCode.NotFound, $"{(int)job.StatusCode} {await job.Content.ReadAsStringAsync()}");
        await fixture.SyncConnectorLogAsync();
        Assert.Single(fixture.ServedByConnector("GET", probe));
        var access = Assert.Single(await fixture.GatewayAccessLogAsync("GET", probe));
        Assert.Matches($@" 404 .* party=urn:party:credit-bureau route=\S+ replica={Regex.Escape(fixture.Connector.BaseAddress.ToString().TrimEnd('/'))}$", access);
    }

    [Fact]
    public async Task BadSignatures_AtTheGateway_Are401AndNeverForwarded()
    {
        var recorder = new RecordingHandler { Forward = false };
        using (var signer = Signed(fixture.OperatorKey, recorder))
        {
            (await signer.GetAsync(Probe("tampered"))).Dispose();
            (await signer.GetAsync(Probe("signed-for-another"))).Dispose();
        }

        var tampered = recorder.Requests[0];
        var signedForAnother = recorder.Requests[1];
        var otherTarget = new Uri(fixture.Gateway.BaseAddress, Probe("moved"));
        using var stranger = SignatureSuites.Ed25519.GenerateKey();
        var unsignedTarget = new Uri(fixture.Gateway.BaseAddress, Probe("unsigned"));
        var cases = new List<(string Name, Func<Task<HttpResponseMessage>> Send, string Path)>
        {
            ("a signature with one byte changed", () => Plain(tampered.Copy((name, value) => name == "Signature" ? FlipOneCharacter(value) : value)), tampered.Uri.AbsolutePath),
            ("a valid signature of another request", () => Plain(new RecordedRequest(signedForAnother.Method, otherTarget, signedForAnother.Headers, null, null).Copy()), otherTarget.AbsolutePath),
            ("no signature", () => Plain(new HttpRequestMessage(HttpMethod.Get, unsignedTarget)), unsignedTarget.AbsolutePath),
        };
        var strangerPath = Probe("stranger");
        cases.Add(("a key not on the trust list", async () =>
        {
            using var client = Signed(stranger);
            return await client.GetAsync(strangerPath);
        }, strangerPath));
        var stalePath = Probe("stale");
        cases.Add(("a signature created ten minutes ago", async () =>
        {
            using var client = Signed(fixture.OperatorKey, time: new ShiftedTime(TimeSpan.FromMinutes(-10)));
            return await client.GetAsync(stalePath);
        }, stalePath));

        foreach (var (name, send, _) in cases)
        {
            using var response = await send();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await fixture.SyncConnectorLogAsync();
        foreach (var (name, _, path) in cases)
        {
            Assert.True(fixture.ServedByConnector("GET", path).Count == 0, $"{name}: the connector received {path}");
            Assert.Matches(" 401 .* replica=-$", Assert.Single(await fixture.GatewayAccessLogAsync("GET", path)));
        }
    }

    [Fact]
    public async Task ReplayedRequest_AtTheGateway_Is401AndNeverForwarded()
    {
        var recorder = new RecordingHandler();
        var probe = Probe("replayed");
        using (var client = Signed(fixture.OperatorKey, recorder))
        {
            using var first = await client.GetAsync(probe);
            Assert.True(first.StatusCode == HttpStatusCode.NotFound, $"the original request: {(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        }

        using var replay = await Plain(recorder.Requests.Single().Copy());

        Assert.True(replay.StatusCode == HttpStatusCode.Unauthorized, $"the replay: {(int)replay.StatusCode} {await replay.Content.ReadAsStringAsync()}");
        await fixture.SyncConnectorLogAsync();
        Assert.Single(fixture.ServedByConnector("GET", probe));
        var access = await fixture.GatewayAccessLogAsync("GET", probe, count: 2);
        Assert.Matches(" 404 .* replica=http", access[0]);
        Assert.Matches(" 401 .* replica=-$", access[1]);
    }

    [Theory]
    [InlineData("POST", "/api/v1/parties")]
    [InlineData("POST", "/api/v1/datasets")]
    [InlineData("POST", "/api/v1/offers")]
    [InlineData("POST", "/api/v1/agreements/probe-agreement/revoke")]
    [InlineData("POST", "/api/v1/jobs/probe-job/approve")]
    [InlineData("POST", "/api/v1/jobs/probe-job/reject")]
    [InlineData("GET", "/api/v1/jobs/probe-job/review")]
    [InlineData("GET", "/internal/v1/probe")]
    [InlineData("GET", "/openapi/v1.json")]
    public async Task SupplierOnlyAndInternalRoutes_ThroughTheGateway_Are404AndNeverForwarded(string method, string path)
    {
        await fixture.SyncConnectorLogAsync();
        var before = fixture.ServedByConnector(method, path).Count;
        using var supplier = Signed(fixture.SupplierKey);

        using var response = await supplier.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        });

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await fixture.SyncConnectorLogAsync();
        var served = fixture.ServedByConnector(method, path);
        Assert.True(served.Count == before, $"the connector served {method} {path} {served.Count - before} more time(s):\n{string.Join('\n', served)}");
        Assert.All(await fixture.GatewayAccessLogAsync(method, path), line => Assert.Matches(" 404 .* replica=-$", line));
    }

    [Fact]
    public async Task TrustListRoute_ThroughTheGateway_Is404AndOnlyTheGatewaysOwnCallsReachIt()
    {
        // The gateway itself fetches the trust list every second (answered 200); an outside request forwarded there
        // would carry the caller's party, which the connector refuses on internal routes.
        using var supplier = Signed(fixture.SupplierKey);

        using var response = await supplier.GetAsync("/internal/v1/trust-list");

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await fixture.SyncConnectorLogAsync();
        var served = fixture.ServedByConnector("GET", "/internal/v1/trust-list");
        Assert.NotEmpty(served);
        Assert.All(served, line => Assert.Contains(" responded 200 ", line, StringComparison.Ordinal));
        Assert.Matches(" 404 .* replica=-$", Assert.Single(await fixture.GatewayAccessLogAsync("GET", "/internal/v1/trust-list")));
    }

    [Fact]
    public async Task ForgedGatewayAssertion_StraightToTheConnector_Is401()
    {
        using var client = new HttpClient { BaseAddress = fixture.Connector.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/parties");
        request.Headers.TryAddWithoutValidation("Dsc-Gateway",
            $"party=\"urn:party:credit-bureau\", keyid=\"{fixture.OperatorKey.PublicKey.KeyId}\", created={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}, nonce=\"{Guid.NewGuid():N}\", mac=:{Convert.ToBase64String(new byte[32])}:");

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<HttpResponseMessage> Plain(HttpRequestMessage request)
    {
        using var client = new HttpClient();
        using (request)
        {
            return await client.SendAsync(request);
        }
    }

    /// <summary>Changes one base64 character in the middle of <c>sig=:...:</c>, keeping it well-formed.</summary>
    private static string FlipOneCharacter(string signature)
    {
        var at = signature.IndexOf(':', StringComparison.Ordinal) + 10;
        var flipped = signature[at] == 'A' ? 'B' : 'A';
        return string.Concat(signature.AsSpan(0, at), flipped.ToString(), signature.AsSpan(at + 1));
    }

    /// <summary>The system clock shifted by a fixed offset.</summary>
    private sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}
