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

    /// <summary>The server's connection string; the PostgreSQL tests fail, not skip, without one.</summary>
    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL storage tests cannot run. Start a test server and set it with: " +
                $"export {Variable}=\"$(bash .ci/postgres.sh)\"   (from the repository root; installs postgresql if missing)");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
