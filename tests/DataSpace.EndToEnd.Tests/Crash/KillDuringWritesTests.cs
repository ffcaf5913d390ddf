using System.Net.Http.Json;
using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.EndToEnd.Tests.Crash;

/// <summary>
/// kill -9 of the connector while parties, offers, agreements and jobs are being written from several clients at once,
/// then a restart on the same data directory: the log and the store agree. Every operation the log opened took effect,
/// or has an aborted entry (written at restart for the ones the kill cut between the log and the store); the log still
/// verifies. Before round 2, offers appeared in the log as created but not in the store after such a kill.
/// </summary>
public sealed class KillDuringWritesTests : IDisposable
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(1.5);

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task KillMinus9_DuringConcurrentWrites_RestartLeavesLogAndStoreInAgreement()
    {
        var data = _files.Combine("connector");
        var keys = _files.Combine("keys");
        var dataset = SampleFiles.CopyTaxCsvTo(data);
        using var operatorKey = Scenario.NewKey(keys, "operator", SignatureSuites.Ed25519);
        using var dataUserKey = Scenario.NewKey(keys, "data-user", SignatureSuites.P256);
        using var auditorKey = Scenario.NewKey(keys, "auditor", SignatureSuites.Ed25519);
        var manifest = Scenario.Manifest(dataUserKey.PublicKey.ExportPem());
        var module = Convert.ToBase64String(File.ReadAllBytes(SampleFiles.GroupedStatsWasm));
        var source = File.ReadAllText(SampleFiles.GroupedStatsSource);
        var completed = 0;

        var first = await ConnectorProcess.StartAsync(data);
        await using (first)
        {
            using var supplierKey = KeyFiles.LoadSigningKey(first.KeyFile);
            using (var supplier = new SignedClient(supplierKey, first.BaseAddress, []))
            using (var operatorClient = new SignedClient(operatorKey, first.BaseAddress, []))
            {
                await Scenario.AgreeAsync(supplier, operatorClient, dataset, operatorKey, dataUserKey, auditorKey);
            }

            using var supplierHttp = Client(supplierKey, first.BaseAddress);
            using var operatorHttp = Client(operatorKey, first.BaseAddress);
            using var stop = new CancellationTokenSource();
            async Task Writer(Func<int, Task<HttpResponseMessage>> write)
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using var response = await write(i);
                        if (response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref completed);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The connector is gone.
                        return;
                    }
                }
            }

            var writers = new List<Task>();
            for (var t = 0; t < 3; t++)
            {
                var writer = t;
                writers.Add(Task.Run(() => Writer(i => supplierHttp.PostAsJsonAsync("/api/v1/offers",
                    new { id = $"offer-{writer}-{i}", dataset = Scenario.Dataset, policy = Scenario.Policy() }))));
            }

            for (var t = 0; t < 2; t++)
            {
                var writer = t;
                writers.Add(Task.Run(() => Writer(i => operatorHttp.PostAsJsonAsync("/api/v1/agreements",
                    Scenario.AgreementRequest($"agr-{writer}-{i}", operatorKey)))));
            }

            writers.Add(Task.Run(() => Writer(i =>
            {
                using var key = SignatureSuites.Ed25519.GenerateKey();
                return supplierHttp.PostAsJsonAsync("/api/v1/parties", Scenario.Party($"urn:party:auditor-{i}", "Auditor", "Auditor", key));
            })));
            writers.Add(Task.Run(() => Writer(async i =>
            {
                var submitted = await operatorHttp.PostAsJsonAsync("/api/v1/jobs", new { manifest, module, source });
                if (!submitted.IsSuccessStatusCode)
                {
                    return submitted;
                }

                var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
                submitted.Dispose();
                return await supplierHttp.PostAsync(new Uri($"/api/v1/jobs/{id}/approve", UriKind.Relative), null);
            })));

            await Task.Delay(Load);
            first.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        Assert.True(completed > 20, $"only {completed} writes completed before the kill: the load did not load");

        await using var second = await ConnectorProcess.StartAsync(data);
        using var supplierAgainKey = KeyFiles.LoadSigningKey(second.KeyFile);
        using var supplierAgain = Client(supplierAgainKey, second.BaseAddress);

        // The runner may still be finishing the jobs that were approved before the kill: wait for the store to settle.
        IReadOnlyList<string> problems = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            problems = await LogStoreAgreement.FindDisagreementsAsync(supplierAgain);
            if (problems.Count == 0)
            {
                break;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(problems.Count == 0, $"after {completed} writes and a kill -9:\n{string.Join('\n', problems)}\n{second.Process.Output}");
        using var auditor = new SignedClient(auditorKey, second.BaseAddress, []);
        var export = _files.Combine("export");
        await auditor.ExportAuditLogAsync(export);
        var verified = DataSpace.Crypto.Audit.LogExportVerifier.Verify(export, KeyFiles.LoadPublicKey(second.KeyFile + ".pub"), null);
        Assert.True(verified.IsValid, verified.Detail);
    }

    private static HttpClient Client(SigningKey key, Uri baseAddress) =>
        new(new SigningHandler(key)) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
}
