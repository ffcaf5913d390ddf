using DataSpace.Connector.Storage;
using Npgsql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// A fresh schema on the PostgreSQL server named by <c>DSC_TEST_POSTGRES</c>, so tests run in parallel without
/// seeing each other; dropped with everything in it on dispose.
/// </summary>
internal sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = "DSC_TEST_POSTGRES";

    private readonly string _serverConnectionString;
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    public PostgresTestDatabase()
    {
        _serverConnectionString = ServerConnectionString();
        using var connection = new NpgsqlConnection(_serverConnectionString);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
        create.ExecuteNonQuery();
        Options = new StorageOptions
        {
            Engine = StorageEngine.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString)
            {
                SearchPath = _schema,
                MaxPoolSize = 16,
            }.ConnectionString,
        };
    }

    public override StorageOptions Options { get; }

    /// <summary>
    /// The server's connection string: <c>DSC_TEST_POSTGRES</c> when set (CI sets it), otherwise the local test
    /// server that <c>.ci/postgres.sh</c> starts (and installs if missing), so that the README's test command
    /// works on its own. The PostgreSQL tests fail, never skip, when no server can be had.
    /// </summary>
    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : LocalServer.Value;

    private static readonly Lazy<string> LocalServer = new(StartLocalServer, LazyThreadSafetyMode.ExecutionAndPublication);

    private static string StartLocalServer()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Connector.sln")))
        {
            root = root.Parent;
        }

        var script = root is null ? null : Path.Combine(root.FullName, ".ci", "postgres.sh");
        if (script is null || !File.Exists(script))
        {
            throw new InvalidOperationException($"{Variable} is not set and .ci/postgres.sh was not found: set {Variable} to a PostgreSQL connection string");
        }

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root!.FullName,
        })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && output.Length > 0
            ? output
            : throw new InvalidOperationException(
                $"{Variable} is not set and `bash .ci/postgres.sh` could not start a test server (exit {process.ExitCode}): {error.Result.Trim()}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
