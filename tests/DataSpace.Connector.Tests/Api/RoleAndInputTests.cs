using System.Net;
using System.Text;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Tests.Api;

/// <summary>
/// Every endpoint against every role, and every body endpoint against malformed input: a role that does not
/// belong gets 403, an unsigned request 401, bad input a 4xx problem, and never a 500.
/// </summary>
public sealed class RoleAndInputTests : IAsyncLifetime
{
    private static readonly (string Method, string Path, string[] Roles)[] Endpoints =
    [
        ("POST", "/api/v1/parties", ["Supplier"]),
        ("GET", "/api/v1/parties", ["Supplier", "Auditor"]),
        ("DELETE", "/api/v1/parties/p", ["Supplier"]),
        ("GET", "/api/v1/datasets/registrations/r", ["Supplier"]),
        ("POST", "/api/v1/datasets", ["Supplier"]),
        ("POST", "/api/v1/offers", ["Supplier"]),
        ("GET", "/api/v1/catalog", ["Supplier", "Operator", "DataUser", "Auditor"]),
        ("POST", "/api/v1/agreements", ["Operator"]),
        ("GET", "/api/v1/agreements", ["Supplier", "Operator", "DataUser", "Auditor"]),
        ("POST", "/api/v1/agreements/a/revoke", ["Supplier"]),
        ("GET", "/api/v1/agreements/a/usage", ["Supplier", "Operator", "DataUser", "Auditor"]),
        ("POST", "/api/v1/jobs", ["Operator"]),
        ("POST", "/api/v1/jobs/j/approve", ["Supplier"]),
        ("POST", "/api/v1/jobs/j/reject", ["Supplier"]),
        ("GET", "/api/v1/jobs/j", ["Supplier", "Operator", "DataUser", "Auditor"]),
        ("GET", "/api/v1/jobs/j/review", ["Supplier"]),
        ("GET", "/api/v1/jobs/j/source", ["Supplier"]),
        ("GET", "/api/v1/jobs/j/submission", ["Supplier", "Auditor"]),
        ("GET", "/api/v1/jobs/j/plan", ["Supplier", "Operator", "DataUser", "Auditor"]),
        ("GET", "/api/v1/jobs", ["Supplier", "Operator", "DataUser", "Auditor"]),
        ("POST", "/api/v1/jobs/j/review", ["Supplier"]),
        ("GET", "/api/v1/results/j", ["DataUser"]),
        ("GET", "/api/v1/audit/entries", ["Supplier", "Auditor"]),
        ("GET", "/api/v1/audit/proof/inclusion?index=0&treeSize=1", ["Supplier", "Auditor"]),
        ("GET", "/api/v1/audit/proof/consistency?from=1&to=1", ["Supplier", "Auditor"]),
        ("GET", "/api/v1/audit/disclosure", ["Supplier", "Auditor"]),
        ("GET", "/api/v1/audit/export", ["Supplier", "Auditor"]),
        ("GET", "/api/v1/audit/search", ["Supplier", "Auditor"]),
        ("GET", "/api/v1/offers", ["Supplier", "Operator", "DataUser", "Auditor"]),
        ("GET", "/api/v1/whoami", ["Supplier", "Operator", "DataUser", "Auditor"]),
    ];

    private static readonly string[] Roles = ["Supplier", "Operator", "DataUser", "Auditor"];

    private readonly TempDirectory _files = new();
    private readonly Dictionary<string, SigningKey> _keys = new(StringComparer.Ordinal);
    private ConnectorServer _server = null!;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, path, _) in Endpoints)
        {
            data.Add(method, path);
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        _server = await ConnectorServer.StartAsync(_files.Combine("data"));
        _keys["Supplier"] = KeyFiles.LoadSigningKey(Path.Combine(_server.DataDirectory, "keys", "connector.key"));
        using var supplier = Client("Supplier");
        foreach (var role in Roles.Skip(1))
        {
            _keys[role] = SignatureSuites.Ed25519.GenerateKey();
            using var response = await supplier.PostAsync("/api/v1/parties", Json($$"""
                {"id":"urn:party:{{role.ToLowerInvariant()}}","name":"{{role}}","role":"{{role}}","publicKeys":[{{System.Text.Json.JsonSerializer.Serialize(_keys[role].PublicKey.ExportPem())}}]}
                """));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        _files.Dispose();
    }

    private HttpClient Client(string role) => new(new SigningHandler(_keys[role])) { BaseAddress = _server.BaseAddress };

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Request(string method, string path, string? body = "{}") =>
        new(new HttpMethod(method), path) { Content = method == "POST" && body is not null ? Json(body) : null };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_is_let_in_only_where_it_belongs(string method, string path)
    {
        var allowed = Endpoints.Single(e => e.Method == method && e.Path == path).Roles;
        using (var plain = new HttpClient { BaseAddress = _server.BaseAddress })
        {
            using var unsigned = await plain.SendAsync(Request(method, path));
            await ProblemAssert.IsProblemAsync(unsigned, HttpStatusCode.Unauthorized);
        }

        foreach (var role in Roles)
        {
            using var client = Client(role);
            using var response = await client.SendAsync(Request(method, path));
            if (allowed.Contains(role))
            {
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.InternalServerError),
                    $"{role} {method} {path}: {(int)response.StatusCode}");
            }
            else
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("{\"id\":7}")]
    [InlineData("{\"id\":\"x\",\"name\":{},\"role\":\"King\"}")]
    [InlineData("{\"id\":\"x\",\"statement\":\"not an object\",\"manifest\":[],\"module\":\"***\",\"policy\":\"x\",\"publicKeys\":[\"x\"]}")]
    [InlineData("{\"statement\":{\"type\":\"dataspace/agreement-request/v1\",\"body\":{},\"signer\":\"k\",\"suite\":\"ed25519\",\"signature\":\"AA==\"}}")]
    public async Task Malformed_bodies_get_a_client_error_never_a_500(string body)
    {
        foreach (var (method, path, roles) in Endpoints.Where(e => e.Method == "POST"))
        {
            using var client = Client(roles[0]);
            using var response = await client.SendAsync(Request(method, path, body));
            Assert.True((int)response.StatusCode is 400 or 404 or 409 or 413 or 415,
                $"{roles[0]} {method} {path} with {body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        using var client = Client("Supplier");
        using var request = Request("POST", "/api/v1/offers", "{\"id\":\"" + new string('x', 2 * 1024 * 1024) + "\"}");
        // As a careful client does: ask before sending the body, so the refusal cannot race the upload (a server that
        // answers 413 and closes while the client still writes would break the pipe under load).
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint()
    {
        using var plain = new HttpClient { BaseAddress = _server.BaseAddress };
        using var document = System.Text.Json.JsonDocument.Parse(await plain.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (_, path, _) in Endpoints)
        {
            var template = path.Split('?')[0].Replace("/a/", "/{agreementId}/", StringComparison.Ordinal).Replace("/j/", "/{jobId}/", StringComparison.Ordinal);
            template = template.EndsWith("/j", StringComparison.Ordinal) ? template[..^1] + "{jobId}" : template;
            template = template.EndsWith("/parties/p", StringComparison.Ordinal) ? template[..^1] + "{partyId}" : template;
            template = template.EndsWith("/registrations/r", StringComparison.Ordinal) ? template[..^1] + "{registrationId}" : template;
            Assert.Contains(template, paths);
        }
    }
}
