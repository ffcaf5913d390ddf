using DataSpace.Connector.Model;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The runner's slots, shared fairly between operators (docs/connector-service.md, "Runner fairness"): at most
/// <c>total</c> jobs in the sandbox and at most <c>perOperator</c> of one operator; at most <c>inFlight</c> jobs started
/// and not yet ended (in the sandbox or waiting for the publication grid) and at most half of them of one operator. The
/// queue is served round robin: the operator served longest ago goes first, each operator's jobs in submission order,
/// so one operator's many or endless jobs never keep another's from starting. Per replica, in memory.
/// </summary>
internal sealed class RunSlots
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Counts> _operators = new(StringComparer.Ordinal);
    private readonly int _total;
    private readonly int _perOperator;
    private readonly int _inFlight;
    private readonly int _inFlightPerOperator;
    private int _running;
    private int _flying;
    private long _clock;

    public RunSlots(int total, int perOperator, int inFlight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perOperator, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(perOperator, total);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, total);
        (_total, _perOperator, _inFlight) = (total, perOperator, inFlight);
        _inFlightPerOperator = Math.Max(perOperator, inFlight / 2);
    }

    /// <summary>
    /// The approved jobs in the order to try them: operators from the one served longest ago (never served first, then in
    /// order of their oldest job), taking one job of each in turn, each operator's in the order given.
    /// </summary>
    public IReadOnlyList<Job> Order(IReadOnlyList<Job> approved)
    {
        ArgumentNullException.ThrowIfNull(approved);
        var queues = new List<(long Served, int First, Queue<Job> Jobs)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        lock (_lock)
        {
            for (var i = 0; i < approved.Count; i++)
            {
                var job = approved[i];
                if (!index.TryGetValue(job.OperatorId, out var q))
                {
                    index[job.OperatorId] = q = queues.Count;
                    queues.Add((_operators.TryGetValue(job.OperatorId, out var counts) ? counts.Served : 0, i, new Queue<Job>()));
                }

                queues[q].Jobs.Enqueue(job);
            }
        }

        queues.Sort((a, b) => a.Served != b.Served ? a.Served.CompareTo(b.Served) : a.First.CompareTo(b.First));
        var order = new List<Job>(approved.Count);
        while (order.Count < approved.Count)
        {
            foreach (var (_, _, jobs) in queues)
            {
                if (jobs.TryDequeue(out var job))
                {
                    order.Add(job);
                }
            }
        }

        return order;
    }

    /// <summary>Takes a run slot and an in-flight place for <paramref name="operatorId"/>; false when a limit is reached.</summary>
    public bool TryTake(string operatorId)
    {
        lock (_lock)
        {
            var counts = CountsOf(operatorId);
            if (_running >= _total || _flying >= _inFlight || counts.Running >= _perOperator || counts.Flying >= _inFlightPerOperator)
            {
                return false;
            }

            (_running, _flying) = (_running + 1, _flying + 1);
            (counts.Running, counts.Flying) = (counts.Running + 1, counts.Flying + 1);
            return true;
        }
    }

    /// <summary>Whether no job can start at all now (every run slot or in-flight place is taken).</summary>
    public bool Full
    {
        get
        {
            lock (_lock)
            {
                return _running >= _total || _flying >= _inFlight;
            }
        }
    }

    /// <summary>The taken job started: its operator goes to the back of the round robin.</summary>
    public void Started(string operatorId)
    {
        lock (_lock)
        {
            CountsOf(operatorId).Served = ++_clock;
        }
    }

    /// <summary>The job's sandbox run ended (its end may still wait for the publication grid).</summary>
    public void EndRun(string operatorId)
    {
        lock (_lock)
        {
            _running--;
            CountsOf(operatorId).Running--;
        }
    }

    /// <summary>The job ended: its in-flight place is free.</summary>
    public void EndFlight(string operatorId)
    {
        lock (_lock)
        {
            _flying--;
            var counts = CountsOf(operatorId);
            counts.Flying--;
            if (counts is { Running: 0, Flying: 0 } && _operators.Count > 1024)
            {
                // Forget idle operators once there are many; they return as never served, which only favours them.
                _operators.Remove(operatorId);
            }
        }
    }

    /// <summary>Jobs of <paramref name="operatorId"/> in the sandbox now.</summary>
    public int RunningOf(string operatorId)
    {
        lock (_lock)
        {
            return _operators.TryGetValue(operatorId, out var counts) ? counts.Running : 0;
        }
    }

    private Counts CountsOf(string operatorId)
    {
        if (!_operators.TryGetValue(operatorId, out var counts))
        {
            _operators[operatorId] = counts = new Counts();
        }

        return counts;
    }

    private sealed class Counts
    {
        public int Running { get; set; }

        public int Flying { get; set; }

        public long Served { get; set; }
    }
}
