using DataSpace.Tests.Common;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// Several <c>dsc serve</c> replicas of one connector (issue 18; docs/deployment.md): one PostgreSQL schema for the
/// store and the shared log (<c>Connector:Storage:Log=Postgres</c>), one key (the first replica's <c>keys/</c> folder,
/// copied to the others as a deployment would mount it), one data root for datasets, a replica id each. Each replica
/// can be killed (-9) and restarted on its own data directory; disposing stops them all and drops the schema.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private readonly string _root;
    private readonly string _schema;
    private readonly string _connectionString;
    private readonly ConnectorProcess?[] _replicas;
    private readonly Lock _gate = new();

    private ReplicaSet(string root, string schema, string connectionString, int count)
    {
        _root = root;
        _schema = schema;
        _connectionString = connectionString;
        _replicas = new ConnectorProcess?[count];
    }

    /// <summary>Where the datasets every replica may read are (<c>Connector:DataRoots:0</c>).</summary>
    public string DataRoot => Path.Combine(_root, "datasets");

    /// <summary>The connector's private key (the first replica's, shared by all).</summary>
    public string KeyFile => Path.Combine(DataDirectory(0), "keys", "connector.key");

    public int Count => _replicas.Length;

    /// <summary>The connection string of the replicas' schema (store and shared log).</summary>
    public string ConnectionString => _connectionString;

    /// <summary>Starts <paramref name="count"/> replicas under <paramref name="root"/>: the first makes the key, the others get copies.</summary>
    public static async Task<ReplicaSet> StartAsync(string root, int count, IReadOnlyDictionary<string, string>? settings = null)
    {
        var (schema, connectionString) = TestPostgres.CreateSchema();
        var set = new ReplicaSet(root, schema, connectionString, count);
        Directory.CreateDirectory(set.DataRoot);
        try
        {
            set._replicas[0] = await set.StartReplicaAsync(0, settings);
            for (var i = 1; i < count; i++)
            {
                CopyDirectory(Path.Combine(set.DataDirectory(0), "keys"), Path.Combine(set.DataDirectory(i), "keys"));
            }

            var others = await Task.WhenAll(Enumerable.Range(1, count - 1).Select(i => set.StartReplicaAsync(i, settings)));
            for (var i = 1; i < count; i++)
            {
                set._replicas[i] = others[i - 1];
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>Replica <paramref name="index"/>'s address; null while it is down.</summary>
    public Uri? Address(int index)
    {
        lock (_gate)
        {
            return _replicas[index]?.BaseAddress;
        }
    }

    /// <summary>The replica itself (its output, for a failure message); null while it is down.</summary>
    public ConnectorProcess? Replica(int index)
    {
        lock (_gate)
        {
            return _replicas[index];
        }
    }

    /// <summary>kill -9 of replica <paramref name="index"/>: its address is gone until <see cref="RestartAsync"/>.</summary>
    public async Task KillAsync(int index)
    {
        ConnectorProcess? replica;
        lock (_gate)
        {
            (replica, _replicas[index]) = (_replicas[index], null);
        }

        if (replica is not null)
        {
            replica.Kill();
            await replica.DisposeAsync();
        }
    }

    /// <summary>Starts replica <paramref name="index"/> again on its data directory.</summary>
    public async Task RestartAsync(int index, IReadOnlyDictionary<string, string>? settings = null)
    {
        var replica = await StartReplicaAsync(index, settings);
        lock (_gate)
        {
            _replicas[index] = replica;
        }
    }

    private string DataDirectory(int index) => Path.Combine(_root, $"replica-{index}");

    private Task<ConnectorProcess> StartReplicaAsync(int index, IReadOnlyDictionary<string, string>? settings)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Storage:Engine"] = "Postgres",
            ["Storage:ConnectionString"] = _connectionString,
            ["Storage:Log"] = "Postgres",
            ["ReplicaId"] = $"replica-{index}",
            ["DataRoots:0"] = DataRoot,
            ["Jobs:PublishGrid"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return ConnectorProcess.StartAsync(DataDirectory(index), all);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                // The connector refuses a key file others can read: keep the owner-only mode.
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            if (replica is not null)
            {
                await replica.DisposeAsync();
            }
        }

        try
        {
            TestPostgres.DropSchema(_schema);
        }
        catch (Npgsql.NpgsqlException)
        {
            // The server went first (the process is ending): its cluster is removed with it.
        }
    }
}
