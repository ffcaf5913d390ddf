using Apache.Arrow;
using DataSpace.Connector.Data;
using DataSpace.Connector.Tests.Storage;
using DataSpace.Sandbox.Data;
using Npgsql;

namespace DataSpace.Connector.Tests.Data;

/// <summary>A PostgreSQL table read as a dataset, against the real test server.</summary>
public sealed class PostgresTableSourceTests : IAsyncLifetime
{
    private readonly string _schema = "d_" + Guid.NewGuid().ToString("N");
    private string _server = "";

    public async Task InitializeAsync()
    {
        _server = PostgresTestDatabase.ServerConnectionString();
        await Execute($"""
            CREATE SCHEMA {_schema};
            CREATE TABLE {_schema}.tax (id bigint NOT NULL, region integer, income double precision, paid numeric, active boolean, since date, name text);
            INSERT INTO {_schema}.tax SELECT g, 11 + g % 3, g * 1.5, g * 0.25, g % 2 = 0, DATE '2020-01-01' + g, 'firm ' || g FROM generate_series(1, 250) g;
            INSERT INTO {_schema}.tax VALUES (0, NULL, NULL, NULL, NULL, NULL, NULL);
            CREATE TABLE {_schema}.odd (id integer, tags integer[]);
            """);
    }

    public Task DisposeAsync() => Execute($"DROP SCHEMA {_schema} CASCADE");

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public void The_schema_maps_postgres_types_to_the_abi_types()
    {
        using var source = PostgresTableSource.Open(_server, $"{_schema}.tax");
        Assert.Equal(
            [ColumnType.Int64, ColumnType.Int32, ColumnType.Float64, ColumnType.Float64, ColumnType.Boolean, ColumnType.Date, ColumnType.String],
            source.Schema.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Batches_stream_only_the_requested_columns_with_nulls()
    {
        using var source = PostgresTableSource.Open(_server, $"{_schema}.tax");
        var batches = source.ReadBatches(["name", "region", "since"], 100).ToList();

        Assert.Equal([100, 100, 51], batches.Select(b => b.Length));
        Assert.All(batches, b => Assert.Equal(["name", "region", "since"], b.Schema.FieldsList.Select(f => f.Name)));
        var regions = batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(i => ((Int32Array)b.Column(1)).GetValue(i))).ToList();
        Assert.Equal(1, regions.Count(r => r is null));
        Assert.Equal(250, regions.Count(r => r is >= 11 and <= 13));
        Assert.Contains(batches, b => Enumerable.Range(0, b.Length).Any(i => ((StringArray)b.Column(0)).GetString(i) == "firm 7"));
    }

    [Fact]
    public async Task The_digest_is_stable_and_changes_with_the_content()
    {
        using var source = PostgresTableSource.Open(_server, $"{_schema}.tax");
        var (rows, digest) = source.Describe();
        Assert.Equal(251, rows);
        Assert.Equal(digest, source.Describe().Digest);
        await Execute($"UPDATE {_schema}.tax SET name = 'changed' WHERE id = 5");
        Assert.NotEqual(digest, source.Describe().Digest);
    }

    [Theory]
    [InlineData("no_dot", "must be named schema.table")]
    [InlineData("public.x;drop", "must be named schema.table")]
    [InlineData("missing.table", "does not exist")]
    public void Bad_table_names_are_refused(string table, string message)
    {
        var e = Assert.Throws<DataSourceException>(() => PostgresTableSource.Open(_server, table));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_of_a_type_jobs_cannot_read_is_named()
    {
        var e = Assert.Throws<DataSourceException>(() => PostgresTableSource.Open(_server, $"{_schema}.odd"));
        Assert.Contains("column 'tags' has type ARRAY", e.Message, StringComparison.Ordinal);
    }
}
