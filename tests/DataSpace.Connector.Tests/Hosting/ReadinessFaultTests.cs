using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Tests.Support;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Tests.Common;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Hosting;

/// <summary>
/// <c>/health/ready</c> tells the truth about real faults (docs/connector-service.md, "Health"): a full disk (a small
/// tmpfs the test mounts), a log that refuses appends after a failed write, a database with a damaged page. Once the
/// cause is gone it is ready again, without a restart.
/// </summary>
public sealed class ReadinessFaultTests
{
    private const long DiskBytes = 24L * 1024 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Ready_DiskFull_Is503NamingTheDataDirectoryAndRequestsGet503_ThenRecoversWhenFreed()
    {
        using var disk = SizeLimitedFileSystem.Mount(DiskBytes);
        await using var server = await ConnectorServer.StartAsync(disk.Combine("data"), [("Health:MinimumFreeBytes", "4194304")]);
        using var supplier = SupplierClient(server);
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(server)).Status);

        try
        {
            disk.Fill();
            var full = await ReadyAsync(server);
            using var refused = await AddPartyAsync(supplier, "urn:party:during-the-fault");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.Status);
            Assert.Equal("Unhealthy", full.Checks[ConnectorHealth.DataDirectoryCheck].Status);
            Assert.Contains("Connector:Health:MinimumFreeBytes", full.Checks[ConnectorHealth.DataDirectoryCheck].Description, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.DoesNotContain("   at ", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            // Freed even when an assertion failed: the server's disposal flushes its log file.
            disk.Free();
        }

        await EventuallyReadyAsync(server);
        using var accepted = await AddPartyAsync(supplier, "urn:party:after-the-fault");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Ready_LogFaultedByAFailedWrite_Is503NamingTheLog_ThenRecoversWhenFreed()
    {
        using var disk = SizeLimitedFileSystem.Mount(DiskBytes);
        // The free-space check off, so that only the log's own fault can make the connector unready.
        await using var server = await ConnectorServer.StartAsync(disk.Combine("data"), [("Health:MinimumFreeBytes", "0")]);
        var log = server.App.Services.GetRequiredService<ITransparencyLog>();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(server)).Status);

        try
        {
            disk.Fill();
            var started = Stopwatch.StartNew();
            while (log.Fault is null)
            {
                Assert.True(started.Elapsed < Bound, "no append failed on the full disk");
                try
                {
                    await log.AppendAsync(new LogEntry
                    {
                        When = DateTimeOffset.UnixEpoch,
                        Actor = "test",
                        Action = "test.fill",
                        Resource = "test/" + new string('x', 2000),
                        Decision = "permit",
                    });
                }
                catch (LogUnavailableException)
                {
                    // The write that found the disk full: the log now refuses appends.
                }
            }

            var faulted = await ReadyAsync(server);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.Status);
            Assert.Equal("Unhealthy", faulted.Checks[ConnectorHealth.TransparencyLogCheck].Status);
            Assert.Contains("refuses appends", faulted.Checks[ConnectorHealth.TransparencyLogCheck].Description, StringComparison.Ordinal);
        }
        finally
        {
            disk.Free();
        }

        await EventuallyReadyAsync(server);
        Assert.Null(log.Fault);
    }

    [Fact]
    public async Task Ready_DatabasePageDamagedWhileRunning_Is503NamingTheDatabase()
    {
        using var files = new TempDirectory();
        await using var server = await ConnectorServer.StartAsync(files.Combine("data"));
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(server)).Status);
        var database = Path.Combine(server.DataDirectory, "connector.db");

        SqliteDamage.DamageTablePage(database, "health_probes");
        var damaged = await ReadyAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, damaged.Status);
        Assert.Equal("Unhealthy", damaged.Checks[ConnectorHealth.StorageCheck].Status);
        Assert.Contains(database, damaged.Checks[ConnectorHealth.StorageCheck].Description, StringComparison.Ordinal);
    }

    private static HttpClient SupplierClient(ConnectorServer server)
    {
        var key = KeyFiles.LoadSigningKey(Path.Combine(server.DataDirectory, "keys", "connector.key"));
        return new HttpClient(new SigningHandler(key)) { BaseAddress = server.BaseAddress };
    }

    private static Task<HttpResponseMessage> AddPartyAsync(HttpClient supplier, string id)
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        return supplier.PostAsJsonAsync("/api/v1/parties", new { id, name = id, role = "Operator", publicKeys = new[] { key.PublicKey.ExportPem() } });
    }

    private static async Task EventuallyReadyAsync(ConnectorServer server)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            var ready = await ReadyAsync(server);
            if (ready.Status == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(started.Elapsed < Bound, $"not ready again within {Bound.TotalSeconds:0} s of freeing the disk: {ready.Body}");
            await Task.Delay(100);
        }
    }

    private static async Task<Readiness> ReadyAsync(ConnectorServer server)
    {
        using var response = await server.Client.GetAsync(new Uri(ConnectorHealth.ReadyPath, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(
            check => check.Name,
            check => (Status: check.Value.GetProperty("status").GetString()!, Description: check.Value.GetProperty("description").GetString() ?? ""),
            StringComparer.Ordinal);
        return new Readiness(response.StatusCode, checks, body);
    }

    private sealed record Readiness(HttpStatusCode Status, Dictionary<string, (string Status, string Description)> Checks, string Body);
}
