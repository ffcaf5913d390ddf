using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.EndToEnd.Tests.Replicas;

/// <summary>
/// Issue 18, item 1, "no fork, no loss": three replicas of one connector on one PostgreSQL share one log; writers add
/// parties through all of them at once while, twenty times, one replica is killed with SIGKILL and started again.
/// Another replica goes on appending within 5 s of each kill; every write a replica acknowledged is in the log; no two
/// checkpoints any replica served have one size and two roots; the whole history verifies, and every replica serves
/// the same export.
/// </summary>
public sealed class SharedLogKillTests : IDisposable
{
    private const int Kills = 20;

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task TwentyKillsUnderThreeReplicasWithConcurrentWriters_NoForkNoLoss()
    {
        await using var replicas = await ReplicaSet.StartAsync(_files.Combine("replicas"), 3);
        using var key = KeyFiles.LoadSigningKey(replicas.KeyFile);
        var publicKey = KeyFiles.LoadPublicKey(replicas.KeyFile + ".pub");
        var origin = CheckpointNote.DefaultOrigin(publicKey);
        var acknowledged = new ConcurrentBag<(string Party, long At)>();
        var roots = new ConcurrentDictionary<long, string>();
        var forks = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        async Task Writer(int writer)
        {
            using var client = new HttpClient(new SigningHandler(key)) { Timeout = TimeSpan.FromSeconds(10) };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                if (replicas.Address((writer + i) % replicas.Count) is not { } address)
                {
                    continue;
                }

                var party = $"urn:party:w{writer}-{i}";
                using var partyKey = SignatureSuites.Ed25519.GenerateKey();
                try
                {
                    using var response = await client.PostAsJsonAsync(new Uri(address, "/api/v1/parties"), Scenario.Party(party, party, "Auditor", partyKey));
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add((party, clock.ElapsedMilliseconds));
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    // That replica was killed mid-request: the write is not acknowledged, whatever happened to it.
                }
            }
        }

        async Task Watcher()
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while (!stop.IsCancellationRequested)
            {
                for (var r = 0; r < replicas.Count; r++)
                {
                    if (replicas.Address(r) is not { } address)
                    {
                        continue;
                    }

                    try
                    {
                        var note = await client.GetStringAsync(new Uri(address, "/api/v1/audit/checkpoint"));
                        Assert.True(CheckpointNote.TryOpen(note, publicKey, origin, out var checkpoint, out var error), error);
                        var root = Convert.ToBase64String(checkpoint!.RootHash.Span);
                        if (roots.GetOrAdd(checkpoint.Size, root) != root)
                        {
                            forks.Add($"size {checkpoint.Size}: {roots[checkpoint.Size]} and {root} (replica {r})");
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                    }
                }

                await Task.Delay(50);
            }
        }

        var load = Enumerable.Range(0, 6).Select(w => Task.Run(() => Writer(w))).Append(Task.Run(Watcher)).ToList();
        var kills = new List<long>();
        for (var kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(250);
            var victim = kill % replicas.Count;
            kills.Add(clock.ElapsedMilliseconds);
            await replicas.KillAsync(victim);
            await Task.Delay(100);
            await replicas.RestartAsync(victim);
        }

        await Task.Delay(250);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(forks);
        var acks = acknowledged.OrderBy(a => a.At).ToList();
        Assert.True(acks.Count > 100, $"only {acks.Count} writes were acknowledged: the load did not load");

        // Another replica took over within 5 s of every kill: an acknowledged write follows each kill within 5 s.
        foreach (var at in kills)
        {
            var next = acks.FirstOrDefault(a => a.At > at).At;
            Assert.True(next > at && next - at < 5_000, $"no write was acknowledged within 5 s of the kill at {at} ms (next at {next} ms)");
        }

        // Every replica serves the same history (once each has signed a checkpoint of the last size: they sign every
        // second); it verifies; every acknowledged write is in it.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var exports = new List<string>();
        for (var r = 0; r < replicas.Count; r++)
        {
            using var client = new SignedClient(key, replicas.Address(r)!, []);
            var folder = _files.Combine($"export-{r}");
            await client.ExportAuditLogAsync(folder);
            var verified = LogExportVerifier.Verify(folder, publicKey, null);
            Assert.True(verified.IsValid, verified.Detail);
            exports.Add(await File.ReadAllTextAsync(Path.Combine(folder, "entries.jsonl")));
        }

        Assert.All(exports, e => Assert.Equal(exports[0], e));
        var logged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exports[0].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var leaf = System.Text.Encoding.UTF8.GetBytes(line);
            Assert.True(LogLeaf.TryParse(leaf, out var parts, out var error), error);
            var entry = LogEntry.Parse(leaf.AsSpan()[parts.Entry]);
            if (entry.Action == "party.add")
            {
                logged.Add(entry.Resource["party/".Length..]);
            }
        }

        var lost = acks.Where(a => !logged.Contains(a.Party)).Select(a => a.Party).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acks.Count} acknowledged writes are not in the log, e.g. {string.Join(", ", lost.Take(5))}");
    }
}
