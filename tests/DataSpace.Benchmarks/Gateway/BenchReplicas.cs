using DataSpace.Benchmarks.Connector;
using DataSpace.Tests.Common;
using Npgsql;

namespace DataSpace.Benchmarks.Gateway;

/// <summary>
/// Replicas of one connector as docs/deployment.md runs them (issue 18): <c>dsc serve</c> processes on one PostgreSQL
/// schema for the store and the shared log (<c>Connector:Storage:Log=Postgres</c>), the first replica's <c>keys/</c>
/// folder (connector key and gateway secret) copied to the others, one data root for datasets, a replica id each.
/// PostgreSQL is <c>DSC_TEST_POSTGRES</c>, else a cluster <c>.ci/postgres.sh</c> starts for the run (TestPostgres).
/// </summary>
internal sealed class BenchReplicas : IAsyncDisposable
{
    private readonly string _schema;
    private readonly string _connectionString;

    private BenchReplicas(string scratch, string schema, string connectionString)
    {
        _schema = schema;
        _connectionString = connectionString;
        DataRoot = Path.Combine(scratch, "datasets");
        Directory.CreateDirectory(DataRoot);
    }

    public List<ConnectorProcess> Replicas { get; } = [];

    /// <summary>The folder every replica reads datasets from (<c>Connector:DataRoots:0</c>).</summary>
    public string DataRoot { get; }

    /// <summary>The connector's private key, shared by the replicas: the supplier's key here.</summary>
    public string KeyFile => Path.Combine(Replicas[0].DataDirectory, "keys", "connector.key");

    /// <summary>The secret the gateway and every replica share (<c>keys/gateway.secret</c>).</summary>
    public string GatewaySecretFile => Path.Combine(Replicas[0].DataDirectory, "keys", "gateway.secret");

    public static async Task<BenchReplicas> StartAsync(int count, string scratch)
    {
        var (schema, connectionString) = TestPostgres.CreateSchema();
        var set = new BenchReplicas(scratch, schema, connectionString);
        try
        {
            set.Replicas.Add(await ConnectorProcess.StartAsync(Path.Combine(scratch, "replica-0"), set.Settings(0)));
            for (var i = 1; i < count; i++)
            {
                CopyKeys(Path.Combine(set.Replicas[0].DataDirectory, "keys"), Path.Combine(scratch, $"replica-{i}", "connector", "keys"));
            }

            set.Replicas.AddRange(await Task.WhenAll(Enumerable.Range(1, count - 1)
                .Select(i => ConnectorProcess.StartAsync(Path.Combine(scratch, $"replica-{i}"), set.Settings(i)))));
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>The shared log's size: every entry counted here was committed, so durable, and acknowledged.</summary>
    public async Task<long> LogSizeAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(seq) + 1, 0) FROM log_leaves", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Dictionary<string, string> Settings(int index) => new(StringComparer.Ordinal)
    {
        ["Storage:Engine"] = "Postgres",
        ["Storage:ConnectionString"] = _connectionString,
        ["Storage:Log"] = "Postgres",
        ["ReplicaId"] = $"replica-{index}",
        ["DataRoots:0"] = DataRoot,
    };

    /// <summary>Copies a replica's <c>keys/</c> to another's, keeping each file's owner-only mode.</summary>
    internal static void CopyKeys(string from, string to)
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
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }

        TestPostgres.DropSchema(_schema);
    }
}
