using DataSpace.Connector.Jobs.Tasks;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Tests.Jobs.Tasks;

/// <summary>
/// <see cref="JobTaskSplit"/> over seeded random folders: every file in exactly one task, in reading order, no task empty,
/// as many tasks as allowed and as there are files; and the limits' shares never add up to more than the job's limit.
/// </summary>
public sealed class JobTaskSplitTests
{
    [Fact]
    public void Of_RandomFolders_EveryFileOnceInOrder_NoTaskEmpty_AsManyTasksAsAllowed()
    {
        var random = new Random(18);
        for (var round = 0; round < 2_000; round++)
        {
            var files = random.Next(1, 60);
            var parts = Enumerable.Range(0, files)
                .Select(i => new PartDigest($"f{i:D3}.parquet", random.Next(4) == 0 ? 0 : random.NextInt64(1, 1L << random.Next(1, 40)), "sha256:x")).ToList();
            var max = random.Next(1, 40);

            var tasks = JobTaskSplit.Of(parts, max);

            Assert.Equal(Math.Min(max, files), tasks.Count);
            Assert.All(tasks, t => Assert.NotEmpty(t));
            Assert.Equal(parts, tasks.SelectMany(t => t));

            var limit = random.NextInt64(1, 50_000_000_000);
            var bytes = tasks.Select(t => t.Sum(p => Math.Max(p.Size, 1))).ToList();
            var shares = JobTaskSplit.Shares(limit, bytes);
            Assert.All(shares, s => Assert.InRange(s, 1, Math.Max(limit, 1)));
            Assert.Equal(Math.Max(limit, tasks.Count), shares.Sum());

            // The larger task never gets less than the smaller one.
            for (var a = 0; a < bytes.Count; a++)
            {
                for (var b = 0; b < bytes.Count; b++)
                {
                    Assert.True(bytes[a] <= bytes[b] || shares[a] + 1 >= shares[b], $"task of {bytes[a]} bytes got {shares[a]}, one of {bytes[b]} got {shares[b]}");
                }
            }
        }
    }

    [Fact]
    public void Of_EqualFiles_EqualTasks()
    {
        var parts = Enumerable.Range(0, 20).Select(i => new PartDigest($"f{i:D2}.parquet", 1000, "sha256:x")).ToList();

        Assert.All(JobTaskSplit.Of(parts, 4), t => Assert.Equal(5, t.Count));
    }
}
