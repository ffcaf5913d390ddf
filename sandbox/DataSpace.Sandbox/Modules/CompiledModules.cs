using System.Collections.Concurrent;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Compiled modules in memory by digest, sized by their native code in bytes, least recently used dropped first once
/// the total passes the capacity (<see cref="Hosting.SandboxOptions.MemoryCacheBytes"/>). Dropping only forgets the
/// module: a job running it keeps its reference, and the code is freed once no run holds it.
/// </summary>
internal sealed class CompiledModules(long capacityBytes)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _trim = new();
    private long _clock;
    private long _bytes;

    /// <summary>Bytes of native code held now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public int Count => _entries.Count;

    public JobModule? TryGet(string digest)
    {
        if (!_entries.TryGetValue(digest, out var entry))
        {
            return null;
        }

        entry.LastUse = Interlocked.Increment(ref _clock);
        return entry.Module;
    }

    /// <summary>Keeps <paramref name="module"/>, whose native code is <paramref name="sizeBytes"/>, unless it alone is over the capacity.</summary>
    public void Add(JobModule module, long sizeBytes)
    {
        if (sizeBytes > capacityBytes)
        {
            return;
        }

        lock (_trim)
        {
            if (_entries.TryAdd(module.Digest, new Entry(module, sizeBytes) { LastUse = Interlocked.Increment(ref _clock) }))
            {
                _bytes += sizeBytes;
            }

            while (_bytes > capacityBytes && !_entries.IsEmpty)
            {
                var oldest = _entries.MinBy(pair => pair.Value.LastUse);
                if (_entries.TryRemove(oldest.Key, out var dropped))
                {
                    _bytes -= dropped.SizeBytes;
                }
            }
        }
    }

    /// <summary>Every module held, for disposal with the engine.</summary>
    public IEnumerable<JobModule> Drain()
    {
        lock (_trim)
        {
            var modules = _entries.Values.Select(e => e.Module).ToList();
            _entries.Clear();
            _bytes = 0;
            return modules;
        }
    }

    private sealed class Entry(JobModule module, long sizeBytes)
    {
        public JobModule Module { get; } = module;

        public long SizeBytes { get; } = sizeBytes;

        public long LastUse { get; set; }
    }
}
