using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Http;

/// <summary>
/// Requests forwarded by the gateway (docs/gateway.md): the <c>Dsc-Gateway</c> assertion alone authenticates them,
/// with the role from the connector's own trust list; anything wrong is 401; the gateway's internal principal
/// reaches <c>/internal/v1/*</c> and nothing else.
/// </summary>
public sealed class GatewayAssertionAuthenticationTests : IAsyncLifetime
{
    private const string OperatorId = "urn:party:operator";

    private static readonly ConnectorHostHooks Hooks = new()
    {
        MapEndpoints = endpoints =>
        {
            endpoints.MapGet("/test/whoami", (ClaimsPrincipal user) => TypedResults.Ok(
                $"{user.FindFirstValue(PartyClaims.PartyId)}|{user.FindFirstValue(PartyClaims.Role)}|{user.FindFirstValue(PartyClaims.Via)}"))
                .RequireAuthorization(PartyPolicies.AnyParty);
            endpoints.MapPost("/test/echo", async (HttpRequest request) =>
            {
                using var reader = new StreamReader(request.Body);
                return TypedResults.Ok(await reader.ReadToEndAsync());
            }).RequireAuthorization(PartyPolicies.Operator);
        },
    };

    private readonly TempDirectory _files = new();
    private readonly SigningKey _operator = SignatureSuites.Ed25519.GenerateKey();
    private ConnectorServer _server = null!;
    private SigningKey _supplier = null!;
    private byte[] _secret = null!;

    public async Task InitializeAsync()
    {
        _server = await ConnectorServer.StartAsync(_files.Combine("data"), hooks: Hooks);
        _supplier = KeyFiles.LoadSigningKey(Path.Combine(_server.DataDirectory, "keys", "connector.key"));
        _secret = GatewaySecretFile.Load(Path.Combine(_server.DataDirectory, "keys", "gateway.secret"));
        using var supplier = new HttpClient(new SigningHandler(_supplier)) { BaseAddress = _server.BaseAddress };
        using var response = await supplier.PostAsync("/api/v1/parties", new StringContent(
            $$"""{"id":"{{OperatorId}}","name":"Operator","role":"Operator","publicKeys":[{{JsonSerializer.Serialize(_operator.PublicKey.ExportPem())}}]}""",
            Encoding.UTF8,
            "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _operator.Dispose();
        _supplier.Dispose();
        _files.Dispose();
    }

    [Fact]
    public void FirstStart_CreatesTheSecretOwnerOnly()
    {
        var path = Path.Combine(_server.DataDirectory, "keys", "gateway.secret");

        Assert.Equal(32, _secret.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task GoodAssertion_IsAcceptedWithTheRoleOfTheTrustList()
    {
        using var response = await SendAsync(HttpMethod.Get, "/test/whoami?a=b%20c", OperatorId, _operator.PublicKey.KeyId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{OperatorId}|Operator|gateway\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GoodAssertion_WithBodyAndDigest_IsAccepted()
    {
        using var response = await SendAsync(HttpMethod.Post, "/test/echo", OperatorId, _operator.PublicKey.KeyId, body: "{\"x\":1}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"x\":1}", JsonSerializer.Deserialize<string>(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task GoodAssertion_OnASupplierRoute_IsForbiddenForTheOperator()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/parties", OperatorId, _operator.PublicKey.KeyId);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WrongSecret_Is401()
    {
        var other = (byte[])_secret.Clone();
        other[0] ^= 1;

        using var response = await SendAsync(HttpMethod.Get, "/test/whoami", OperatorId, _operator.PublicKey.KeyId, secret: other);

        await AssertRefusedAsync(response, "MacInvalid");
    }

    [Fact]
    public async Task AssertionForAnotherTarget_Is401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/test/whoami?x=1", OperatorId, _operator.PublicKey.KeyId, macTarget: "/test/whoami?x=2");

        await AssertRefusedAsync(response, "MacInvalid");
    }

    [Fact]
    public async Task StaleAssertion_Is401()
    {
        using var response = await SendAsync(
            HttpMethod.Get, "/test/whoami", OperatorId, _operator.PublicKey.KeyId, created: DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds());

        await AssertRefusedAsync(response, "TooOld");
    }

    [Fact]
    public async Task ReplayedNonce_Is401()
    {
        var nonce = GatewayAssertion.NewNonce();
        using var first = await SendAsync(HttpMethod.Get, "/test/whoami", OperatorId, _operator.PublicKey.KeyId, nonce: nonce);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await SendAsync(HttpMethod.Get, "/test/whoami", OperatorId, _operator.PublicKey.KeyId, nonce: nonce);

        await AssertRefusedAsync(second, "Replayed");
    }

    [Fact]
    public async Task DirectRequest_ThenAnAssertionWithItsNonce_IsReplayed()
    {
        var nonce = GatewayAssertion.NewNonce();
        using var direct = await SendSignedAsync("/test/whoami?t=direct-first", nonce);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);

        using var forwarded = await SendAsync(HttpMethod.Get, "/test/whoami?t=direct-first", OperatorId, _operator.PublicKey.KeyId, nonce: nonce);

        await AssertRefusedAsync(forwarded, "(Replayed)");
    }

    [Fact]
    public async Task Assertion_ThenADirectRequestWithItsNonce_IsReplayed()
    {
        var nonce = GatewayAssertion.NewNonce();
        using var forwarded = await SendAsync(HttpMethod.Get, "/test/whoami?t=gateway-first", OperatorId, _operator.PublicKey.KeyId, nonce: nonce);
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);

        using var direct = await SendSignedAsync("/test/whoami?t=gateway-first", nonce);

        await AssertRefusedAsync(direct, "request signature refused (Replayed)");
    }

    [Fact]
    public async Task KeyOfAnotherParty_Is401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/test/whoami", "urn:party:someone-else", _operator.PublicKey.KeyId);

        await AssertRefusedAsync(response, "PartyMismatch");
    }

    [Fact]
    public async Task SupplierPartyWithTheOperatorsKey_Is401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/parties", _server.App.Identity.Id, _operator.PublicKey.KeyId);

        await AssertRefusedAsync(response, "PartyMismatch");
    }

    [Fact]
    public async Task UnknownKey_Is401()
    {
        using var response = await SendAsync(HttpMethod.Get, "/test/whoami", OperatorId, "no-such-key");

        await AssertRefusedAsync(response, "UnknownKeyId");
    }

    [Fact]
    public async Task BodyNotMatchingTheDigest_Is401()
    {
        using var response = await SendAsync(
            HttpMethod.Post, "/test/echo", OperatorId, _operator.PublicKey.KeyId, body: "{\"x\":2}", digest: ContentDigest.Compute("{\"x\":1}"u8));

        await AssertRefusedAsync(response, "ContentDigestMismatch");
    }

    [Fact]
    public async Task BodyWithoutDigest_Is401()
    {
        using var response = await SendAsync(HttpMethod.Post, "/test/echo", OperatorId, _operator.PublicKey.KeyId, body: "{\"x\":2}", digest: "");

        await AssertRefusedAsync(response, "ContentDigestMismatch");
    }

    [Fact]
    public async Task MalformedAssertion_Is401()
    {
        using var plain = new HttpClient { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/whoami");
        request.Headers.TryAddWithoutValidation(GatewayAssertion.HeaderName, "party=\"x\"");

        using var response = await plain.SendAsync(request);

        await AssertRefusedAsync(response, "Malformed");
    }

    [Fact]
    public async Task AssertionAndAValidSignature_OnlyTheAssertionCounts()
    {
        using var signed = new HttpClient(new SigningHandler(_operator)) { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/whoami");
        request.Headers.TryAddWithoutValidation(GatewayAssertion.HeaderName, "party=\"x\"");

        using var response = await signed.SendAsync(request);

        await AssertRefusedAsync(response, "Malformed");
    }

    [Fact]
    public async Task InternalCall_ReadsTheTrustList()
    {
        using var response = await SendAsync(HttpMethod.Get, "/internal/v1/trust-list", "", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var parties = document.RootElement.GetProperty("parties").EnumerateArray().ToArray();
        var op = parties.Single(p => p.GetProperty("id").GetString() == OperatorId);
        Assert.Equal("Operator", op.GetProperty("role").GetString());
        Assert.Equal("Operator", op.GetProperty("name").GetString());
        var key = op.GetProperty("keys").EnumerateArray().Single();
        Assert.Equal(_operator.PublicKey.KeyId, key.GetProperty("keyId").GetString());
        Assert.Equal(_operator.PublicKey.ExportPem(), key.GetProperty("publicKey").GetString());
        Assert.Contains(parties, p => p.GetProperty("role").GetString() == "Supplier");
    }

    [Theory]
    [InlineData("GET", "/api/v1/catalog")]
    [InlineData("GET", "/api/v1/agreements")]
    [InlineData("POST", "/api/v1/agreements")]
    [InlineData("POST", "/api/v1/parties")]
    [InlineData("GET", "/api/v1/parties")]
    [InlineData("POST", "/api/v1/datasets")]
    [InlineData("POST", "/api/v1/offers")]
    [InlineData("POST", "/api/v1/jobs")]
    [InlineData("GET", "/api/v1/jobs/j")]
    [InlineData("POST", "/api/v1/jobs/j/approve")]
    [InlineData("GET", "/api/v1/results/j")]
    [InlineData("GET", "/api/v1/audit/entries")]
    [InlineData("GET", "/api/v1/audit/export")]
    [InlineData("GET", "/api/v1/audit/disclosure")]
    [InlineData("GET", "/test/whoami")]
    public async Task InternalPrincipal_IsRefusedOnPartyRoutes(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path, "", "", body: method == "POST" ? "{}" : null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task InternalPrincipal_IsRefusedOnEveryAuthorizedApiEndpoint()
    {
        var endpoints = _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<IAuthorizeData>() is not null)
            .ToList();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} API endpoints found");

        foreach (var endpoint in endpoints)
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods[0];
            var path = string.Join("/", endpoint.RoutePattern.RawText!.Split('/').Select(segment => segment.StartsWith('{') ? "x" : segment));
            using var response = await SendAsync(new HttpMethod(method), path, "", "", body: method == "POST" ? "{}" : null);

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TrustList_SignedBySupplier_IsForbidden()
    {
        using var supplier = new HttpClient(new SigningHandler(_supplier)) { BaseAddress = _server.BaseAddress };

        using var response = await supplier.GetAsync(new Uri("/internal/v1/trust-list", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TrustList_SupplierThroughAnAssertion_IsForbidden()
    {
        using var response = await SendAsync(HttpMethod.Get, "/internal/v1/trust-list", _server.App.Identity.Id, _supplier.PublicKey.KeyId);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TrustList_Unsigned_IsUnauthorized()
    {
        using var response = await _server.Client.GetAsync(new Uri("/internal/v1/trust-list", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Assertion_WhenGatewayIsDisabled_Is401()
    {
        await using var disabled = await ConnectorServer.StartAsync(settings: [("Gateway:Enabled", "false")], hooks: Hooks);
        using var plain = new HttpClient { BaseAddress = disabled.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/catalog");
        request.Headers.TryAddWithoutValidation(GatewayAssertion.HeaderName, Assertion("GET", "/api/v1/catalog", OperatorId, _operator.PublicKey.KeyId));

        using var response = await plain.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Connector:Gateway:Enabled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(disabled.DataDirectory, "keys", "gateway.secret")));
    }

    [Fact]
    public void SecretFileOpenToOthers_StopsTheStartNamingTheSetting()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var files = new TempDirectory();
        var secret = files.Combine("open.secret");
        File.WriteAllText(secret, Convert.ToBase64String(new byte[32]) + "\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var exception = Assert.Throws<ConnectorConfigurationException>(() => ConnectorHost.Build(
            ConnectorServer.Arguments(files.Combine("data"), ("Gateway:SecretFile", secret))));

        Assert.Contains("Connector:Gateway:SecretFile", exception.Message, StringComparison.Ordinal);
        Assert.Contains("0600", exception.Message, StringComparison.Ordinal);
    }

    private string Assertion(
        string method, string target, string party, string keyId, byte[]? secret = null, long? created = null, string? nonce = null, string? digest = null) =>
        GatewayAssertion.Create(
            secret ?? _secret, method, target, party, keyId, created ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(), nonce ?? GatewayAssertion.NewNonce(), digest);

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string target,
        string party,
        string keyId,
        byte[]? secret = null,
        long? created = null,
        string? nonce = null,
        string? body = null,
        string? digest = null,
        string? macTarget = null)
    {
        using var plain = new HttpClient { BaseAddress = _server.BaseAddress };
        using var request = new HttpRequestMessage(method, target);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            digest ??= ContentDigest.Compute(Encoding.UTF8.GetBytes(body));
            if (digest.Length > 0)
            {
                request.Headers.TryAddWithoutValidation(ContentDigest.HeaderName, digest);
            }
        }

        request.Headers.TryAddWithoutValidation(
            GatewayAssertion.HeaderName,
            Assertion(method.Method, macTarget ?? target, party, keyId, secret, created, nonce, string.IsNullOrEmpty(digest) ? null : digest));
        return await plain.SendAsync(request);
    }

    /// <summary>A GET signed directly by the operator (as <see cref="SigningHandler"/> does) with the given nonce.</summary>
    private async Task<HttpResponseMessage> SendSignedAsync(string target, string nonce)
    {
        var uri = new Uri(_server.BaseAddress, target);
        var headers = HttpMessageSigner.Sign(HttpMessageComponents.ForRequest("GET", uri), _operator, new SignatureParameters
        {
            CoveredComponents = ["@method", "@target-uri"],
            Created = DateTimeOffset.UtcNow,
            Nonce = nonce,
            KeyId = _operator.PublicKey.KeyId,
        });
        using var plain = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Signature-Input", headers.SignatureInput);
        request.Headers.TryAddWithoutValidation("Signature", headers.Signature);
        return await plain.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
