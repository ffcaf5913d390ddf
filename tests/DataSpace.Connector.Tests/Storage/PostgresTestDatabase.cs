using DataSpace.Connector.Storage;
using DataSpace.Tests.Common;
using Npgsql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// A fresh schema on the PostgreSQL server named by <c>DSC_TEST_POSTGRES</c>, so tests run in parallel without
/// seeing each other; dropped with everything in it on dispose.
/// </summary>
internal sealed class PostgresTestDatabase : TestDatabase
{
    public const string Variable = TestPostgres.Variable;

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
    /// The server's connection string: <c>DSC_TEST_POSTGRES</c> when set (CI sets it), otherwise a server of this
    /// test process's own that <c>.ci/postgres.sh</c> starts (and installs PostgreSQL for, if missing) in a directory and
    /// on a port of its own, and stops and deletes when the process exits, so that the README's test command works on its
    /// own and leaves nothing running. The PostgreSQL tests fail, never skip, when no server can be had.
    /// </summary>
    /// <summary>The test server's connection string (<see cref="TestPostgres.ServerConnectionString"/>).</summary>
    public static string ServerConnectionString() => TestPostgres.ServerConnectionString();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
