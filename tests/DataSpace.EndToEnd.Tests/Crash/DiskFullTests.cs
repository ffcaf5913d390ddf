using System.Diagnostics;
using System.Net;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.EndToEnd.Tests.Crash;

/// <summary>
/// <c>dsc serve</c> as a child process with its data directory on a small tmpfs the test mounts and fills
/// (docs/audit-log.md, "Write failures"): while the disk is full every write request is answered 503 (never 500) and
/// <c>/health/ready</c> is 503; once space is freed the same process is ready and takes writes again, and its log
/// holds exactly the acknowledged entries. Bounded: about ten seconds.
/// </summary>
public sealed class DiskFullTests
{
    private const int Requests = 60;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task DiskFull_WritesGet503AndReadyIs503_FreedTheSameProcessRecovers()
    {
        using var disk = SizeLimitedFileSystem.Mount(32L * 1024 * 1024);
        var data = disk.Combine("connector");
        var settings = new Dictionary<string, string> { ["Health:MinimumFreeBytes"] = "4194304" };
        await using var connector = await ConnectorProcess.StartAsync(data, settings);
        using var supplierKey = KeyFiles.LoadSigningKey(connector.KeyFile);
        using var supplier = new SignedClient(supplierKey, connector.BaseAddress, []);
        using var plain = new HttpClient { BaseAddress = connector.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await AddPartiesAsync(supplierKey, connector.BaseAddress, "before", 5, HttpStatusCode.Created);

        disk.Fill();
        using (var ready = await plain.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        // Every write is refused honestly: 503, nothing done (each is asserted with its body).
        await AddPartiesAsync(supplierKey, connector.BaseAddress, "during", Requests, HttpStatusCode.ServiceUnavailable);
        Assert.False(connector.Process.HasExited, connector.Process.Describe());

        disk.Free();
        var freed = Stopwatch.StartNew();
        while (true)
        {
            using var ready = await plain.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(freed.Elapsed < Bound, $"not ready {Bound.TotalSeconds:0} s after the disk was freed: {await ready.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }

        await AddPartiesAsync(supplierKey, connector.BaseAddress, "after", 5, HttpStatusCode.Created);
        var parties = await supplier.GetAsync("/api/v1/parties");
        Assert.Equal(10, parties.EnumerateArray().Count(p => p.GetProperty("id").GetString()!.StartsWith("urn:party:disk-", StringComparison.Ordinal)));
        Assert.False(connector.Process.HasExited, "the connector exited instead of recovering: " + connector.Process.Describe());

        // Killed as in a power cut: the log verifies, with the acknowledged entries and no torn tail left by the fault.
        connector.Kill();
        await connector.Process.WaitForExitAsync(Bound);
        var check = LogCheck.Run(Path.Combine(data, "log"), supplierKey.PublicKey);
        Assert.True(check.IsValid, check.Detail);
        Assert.Equal(0, check.TornBytes);
    }

    /// <summary>Adds <paramref name="count"/> parties at once (a client each); each must answer <paramref name="expected"/>.</summary>
    private static Task AddPartiesAsync(SigningKey supplierKey, Uri connector, string phase, int count, HttpStatusCode expected) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var key = SignatureSuites.Ed25519.GenerateKey();
            using var supplier = new SignedClient(supplierKey, connector, []);
            var id = $"urn:party:disk-{phase}-{i}";
            await supplier.PostAsync("/api/v1/parties", new { id, name = id, role = "Operator", publicKeys = new[] { key.PublicKey.ExportPem() } }, expected);
            Assert.DoesNotContain("   at ", supplier.Bodies[0], StringComparison.Ordinal);
        }));
}
