using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Jobs.Tasks;

/// <summary>
/// How a folder dataset's files are split into a job's tasks (docs/connector-service.md, "Tasks"): runs of consecutive
/// files in the folder's reading order, as many as <c>Connector:Jobs:TasksPerJob</c> allows and at most one per file, cut
/// where the bytes read so far pass the next equal share, so the tasks are about as large as the files allow.
/// </summary>
internal static class JobTaskSplit
{
    /// <summary>The tasks' files, in order; every file in exactly one task, no task empty.</summary>
    public static IReadOnlyList<IReadOnlyList<PartDigest>> Of(IReadOnlyList<PartDigest> parts, int maxTasks)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTasks, 1);
        var count = Math.Min(maxTasks, parts.Count);
        var total = parts.Sum(p => Math.Max(p.Size, 1));
        var tasks = new List<IReadOnlyList<PartDigest>>(count);
        var current = new List<PartDigest>();
        long done = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            current.Add(parts[i]);
            done += Math.Max(parts[i].Size, 1);
            var left = parts.Count - i - 1;
            var tasksLeft = count - tasks.Count - 1;
            // Cut when this task has its share, or when the files left are just enough for one task each.
            if (tasksLeft > 0 && (done * count >= total * (tasks.Count + 1) || left == tasksLeft))
            {
                tasks.Add(current);
                current = [];
            }
        }

        tasks.Add(current);
        return tasks;
    }

    /// <summary>
    /// The tasks' shares of a job-wide limit, in proportion to their bytes: one each first, then the rest of the limit cut
    /// at the cumulative bytes (exact integer arithmetic), so every task gets at least 1 and the shares add up to exactly
    /// <paramref name="limit"/> (or to the number of tasks, when the limit is smaller).
    /// </summary>
    public static long[] Shares(long limit, IReadOnlyList<long> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentNullException.ThrowIfNull(bytes);
        var weights = bytes.Select(b => (Int128)Math.Max(b, 1)).ToArray();
        var total = weights.Aggregate((Int128)0, (sum, w) => sum + w);
        var rest = (Int128)Math.Max(0, limit - bytes.Count);
        var shares = new long[bytes.Count];
        Int128 before = 0, cumulative = 0;
        for (var i = 0; i < shares.Length; i++)
        {
            cumulative += weights[i];
            var upTo = rest * cumulative / total;
            shares[i] = 1 + (long)(upTo - before);
            before = upTo;
        }

        return shares;
    }
}
