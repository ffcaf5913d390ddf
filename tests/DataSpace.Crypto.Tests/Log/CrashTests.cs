using System.Diagnostics;
using System.Globalization;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Log;

/// <summary>
/// Kills a child process that appends from many writers with SIGKILL, many times over one log, and checks that
/// every acknowledged entry survived with its exact content and that the log still verifies.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Rounds = 12;
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Append_KilledRepeatedly_KeepsEveryAcknowledgedEntryAndVerifies()
    {
        var directory = _temp.Combine("log");
        var acknowledged = new Dictionary<long, string>();
        var random = new Random(20261123);

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (index, resource) in await RunAndKill(directory, $"run{round}", random.Next(50, 400)))
            {
                Assert.True(acknowledged.TryAdd(index, resource), $"index {index} was acknowledged twice");
            }
        }

        Assert.True(acknowledged.Count > Rounds, $"the child acknowledged only {acknowledged.Count} entries");
        await using var log = TransparencyLog.Open(new LogOptions { Directory = directory });
        foreach (var (index, resource) in acknowledged)
        {
            Assert.True(index < log.Head.Size, $"acknowledged entry {index} is missing: the log holds {log.Head.Size}");
            var leaf = log.ReadLeaf(index);
            Assert.True(LogLeaf.TryParse(leaf, out var parts, out _));
            Assert.Equal(resource, LogEntry.Parse(leaf.AsSpan()[parts.Entry]).Resource);
        }

        using var key = SignatureSuites.Ed25519.GenerateKey();
        await using var checkpointer = new Checkpointer(log, key, "crash.test/log", null, TimeSpan.FromHours(1), TimeProvider.System);
        var signed = checkpointer.SignNow();
        var export = _temp.Combine("export");
        LogExport.Write(log, signed.Checkpoint, signed.Note, export);
        var result = LogExportVerifier.Verify(export, key.PublicKey, "crash.test/log");
        Assert.True(result.IsValid, result.Detail);
    }

    private static async Task<List<(long Index, string Resource)>> RunAndKill(string directory, string run, int killAfterMs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DataSpace.Crypto.CrashChild.dll"));
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add("32");
        start.ArgumentList.Add(run);
        using var child = Process.Start(start)!;
        var acknowledged = new List<(long, string)>();
        var stderr = child.StandardError.ReadToEndAsync();
        var firstAck = new TaskCompletionSource();
        var reader = Task.Run(async () =>
        {
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "ack" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    acknowledged.Add((index, parts[2]));
                    firstAck.TrySetResult();
                }
            }
        });

        var started = await Task.WhenAny(firstAck.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(started == firstAck.Task, "the child acknowledged nothing within 60 s: " + (child.HasExited ? await stderr : "still running"));
        await Task.Delay(killAfterMs);
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();
        await reader;
        return acknowledged;
    }

    public void Dispose() => _temp.Dispose();
}
