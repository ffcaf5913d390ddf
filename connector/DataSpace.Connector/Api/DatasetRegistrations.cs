using System.Security.Cryptography;
using System.Text.Json.Serialization;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DataSpace.Connector.Api;

/// <summary>
/// An asynchronous dataset registration as <c>GET /api/v1/datasets/registrations/{id}</c> answers it: <c>running</c>,
/// <c>done</c> (with the dataset as the catalogue shows it) or <c>failed</c> (with the problem's detail and status); the
/// bytes of the file hashed so far of its size (both 0 for a PostgreSQL table).
/// </summary>
public sealed record DatasetRegistrationView(
    string State, long BytesRead, long BytesTotal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CatalogDataset? Dataset = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Status = null);

/// <summary>
/// The asynchronous dataset registrations of this replica (docs/connector-service.md, "Registering with progress"), kept in
/// memory: at most <see cref="MaxKept"/> at once, a finished one for <see cref="KeptFor"/> after it ended. A registration
/// runs <see cref="DatasetRegistration.CompleteAsync"/>, the same path as a synchronous one, on the thread pool; what
/// happens to the dataset is in the signed log and the store whether or not anyone asks. A registration cut short by a
/// stop leaves its log entry open for restart recovery, which closes it as aborted.
/// </summary>
internal sealed partial class DatasetRegistrations(
    IConnectorStore store, TimeProvider time, IOptions<ConnectorOptions> options, ILogger<DatasetRegistrations> logger)
{
    /// <summary>The most registrations kept at once, running or finished and not yet expired.</summary>
    public const int MaxKept = 64;

    /// <summary>How long a finished registration can still be asked about.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A place for a new registration, with its id; null when <see cref="MaxKept"/> are kept already.</summary>
    public Entry? Reserve()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            foreach (var (id, entry) in _entries.Where(e => e.Value.EndedAt is { } ended && time.GetElapsedTime(ended, now) >= KeptFor).ToList())
            {
                _entries.Remove(id);
            }

            if (_entries.Count >= MaxKept)
            {
                return null;
            }

            var reserved = new Entry(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            _entries.Add(reserved.Id, reserved);
            return reserved;
        }
    }

    /// <summary>Gives back a place whose registration was refused before it started.</summary>
    public void Release(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _entries.Remove(entry.Id);
        }
    }

    /// <summary>Runs <paramref name="registration"/> in the background under <paramref name="entry"/>, which it then owns.</summary>
    public void Run(Entry entry, DatasetRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(registration);
        entry.BytesTotal = registration.BytesTotal;
        _ = Task.Run(async () =>
        {
            using (registration)
            {
                try
                {
                    var outcome = (await registration.CompleteAsync(store, time, options.Value, entry).ConfigureAwait(false)).Result;
                    entry.End(outcome switch
                    {
                        Created<CatalogDataset> created => new DatasetRegistrationView("done", entry.BytesTotal, entry.BytesTotal, created.Value),
                        ProblemHttpResult problem => entry.View() with { State = "failed", Error = problem.ProblemDetails.Detail, Status = problem.StatusCode },
                        _ => throw new InvalidOperationException($"unexpected registration outcome {outcome.GetType().Name}"),
                    }, time.GetTimestamp());
                }
                catch (Exception e)
                {
                    Log.Crashed(logger, entry.Id, registration.Id, e);
                    entry.End(entry.View() with { State = "failed", Error = $"registration failed: {e.GetType().Name}", Status = 500 }, time.GetTimestamp());
                }
            }
        });
    }

    /// <summary>The registration <paramref name="id"/> now; null for one unknown here or expired.</summary>
    public DatasetRegistrationView? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            return _entries.TryGetValue(id, out var entry) && (entry.EndedAt is not { } ended || time.GetElapsedTime(ended) < KeptFor)
                ? entry.View()
                : null;
        }
    }

    /// <summary>One registration's progress (the bytes hashed so far, reported from the reading thread) and end.</summary>
    internal sealed class Entry(string id) : IProgress<long>
    {
        private long _bytesRead;
        private volatile DatasetRegistrationView? _ended;
        private long _endedAt = long.MinValue;

        public string Id => id;

        public long BytesTotal { get; set; }

        public long? EndedAt => Interlocked.Read(ref _endedAt) is var at && at != long.MinValue ? at : null;

        public void Report(long value) => Interlocked.Exchange(ref _bytesRead, value);

        public DatasetRegistrationView View() => _ended ?? new DatasetRegistrationView("running", Interlocked.Read(ref _bytesRead), BytesTotal);

        public void End(DatasetRegistrationView view, long at)
        {
            _ended = view;
            Interlocked.Exchange(ref _endedAt, at);
        }
    }
}
