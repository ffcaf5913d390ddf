using System.Diagnostics;
using System.Text;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Tests.Support;
using DataSpace.Tests.Common;

namespace DataSpace.Crypto.Tests.Log;

/// <summary>
/// A real full disk under the log (a small tmpfs the test mounts; docs/audit-log.md, "Write failures"): the append that
/// cannot be made durable fails and is cut back, the log refuses appends while faulted, and once space is freed it
/// resumes by itself, without a restart, holding exactly the acknowledged entries.
/// </summary>
public sealed class FileLogWriteFailureTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AppendAsync_DiskFull_FaultsThenResumesOnceSpaceIsFreed()
    {
        using var disk = SizeLimitedFileSystem.Mount(2 * 1024 * 1024);
        var options = new LogOptions
        {
            Directory = disk.Combine("log"),
            RetryInterval = TimeSpan.FromMilliseconds(50),
            RetryProbeBytes = 64 * 1024,
        };
        var acknowledged = new List<string>();
        var failed = new List<string>();
        await using (var log = TransparencyLog.Open(options))
        {
            for (var i = 0; i < 20; i++)
            {
                await AppendAsync(log, $"before/{i}", acknowledged, failed);
            }

            disk.Fill();
            var deadline = Stopwatch.StartNew();
            LogUnavailableException? failure = null;
            for (var i = 0; failure is null; i++)
            {
                Assert.True(deadline.Elapsed < Bound, $"no append failed on a full disk after {i} attempts");
                failure = await AppendAsync(log, $"full/{i}", acknowledged, failed);
            }

            // The failed batch was cut back before its appender heard of it; appends are now refused at once.
            Assert.True(failure.NotAppended, failure.Message);
            Assert.NotNull(log.Fault);
            Assert.Equal(acknowledged.Count, log.Head.Size);
            var refused = await AppendAsync(log, "refused", acknowledged, failed);
            Assert.NotNull(refused);
            Assert.True(refused.NotAppended);
            await Task.Delay(300);
            Assert.NotNull(log.Fault);
            Assert.True(log.Fault!.FailedRetries > 0, "the log did not try to write again");

            disk.Free();
            deadline.Restart();
            while (log.Fault is not null)
            {
                Assert.True(deadline.Elapsed < Bound, $"the log did not resume within {Bound.TotalSeconds:0} s of freeing space: {log.Fault}");
                await Task.Delay(20);
            }

            Assert.Null(await AppendAsync(log, "after/0", acknowledged, failed));
            Assert.Equal(acknowledged.Count, log.Head.Size);
        }

        // Reopened: exactly the acknowledged entries, in order, chained; none of those that failed.
        var check = LogCheck.Run(options.Directory, null);
        Assert.True(check.IsValid, check.Detail);
        Assert.Equal(0, check.TornBytes);
        await using var reopened = TransparencyLog.Open(options);
        Assert.Equal(acknowledged.Count, reopened.Head.Size);
        for (var i = 0; i < acknowledged.Count; i++)
        {
            Assert.Contains($"\"resource\":\"{acknowledged[i]}\"", Encoding.UTF8.GetString(reopened.ReadLeaf(i)), StringComparison.Ordinal);
        }
    }

    /// <summary>Appends one entry; null when acknowledged, the failure otherwise.</summary>
    private static async Task<LogUnavailableException?> AppendAsync(ITransparencyLog log, string resource, List<string> acknowledged, List<string> failed)
    {
        try
        {
            var index = await log.AppendAsync(LogEntries.Make(resource));
            Assert.Equal(acknowledged.Count, index);
            acknowledged.Add(resource);
            return null;
        }
        catch (LogUnavailableException e)
        {
            failed.Add(resource);
            return e;
        }
    }
}
