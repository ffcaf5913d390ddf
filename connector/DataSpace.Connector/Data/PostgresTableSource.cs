using System.Security.Cryptography;
using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Data;
using Npgsql;

namespace DataSpace.Connector.Data;

/// <summary>
/// A dataset kept as a PostgreSQL table on the supplier's premises, read batch by batch like a file: only the
/// requested columns are selected, rows stream from the server (never the whole table in memory), and values
/// arrive as the same normalised Arrow arrays as the file readers give (docs/sandbox-data.md). The table is
/// named <c>schema.table</c>; the connection string comes from the connector's configuration, never from the
/// dataset record.
/// </summary>
public sealed class PostgresTableSource : IDataSource
{
    private readonly string _connectionString;
    private readonly string _quotedTable;

    private PostgresTableSource(string connectionString, string table, string quotedTable, DatasetSchema schema)
    {
        _connectionString = connectionString;
        Table = table;
        _quotedTable = quotedTable;
        Schema = schema;
    }

    /// <summary>The table, <c>schema.table</c>.</summary>
    public string Table { get; }

    public DatasetSchema Schema { get; }

    /// <summary>Reads the table's columns; throws <see cref="DataSourceException"/> naming the table or column that cannot be read.</summary>
    public static PostgresTableSource Open(string connectionString, string table)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var parts = (table ?? "").Split('.');
        if (parts.Length != 2 || parts.Any(p => p.Length is 0 or > 63 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new DataSourceException($"postgres table '{table}' must be named schema.table (letters, digits, '_')");
        }

        var columns = new List<ColumnSchema>();
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table ORDER BY ordinal_position",
                connection);
            command.Parameters.AddWithValue("schema", parts[0]);
            command.Parameters.AddWithValue("table", parts[1]);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var name = reader.GetString(0);
                var type = reader.GetString(1) switch
                {
                    "smallint" or "integer" => ColumnType.Int32,
                    "bigint" => ColumnType.Int64,
                    "real" or "double precision" or "numeric" => ColumnType.Float64,
                    "boolean" => ColumnType.Boolean,
                    "date" => ColumnType.Date,
                    "text" or "character varying" or "character" => ColumnType.String,
                    var other => throw new DataSourceException($"postgres table {table}: column '{name}' has type {other}, which a job cannot read"),
                };
                columns.Add(new ColumnSchema(name, type, reader.GetString(2) == "YES"));
            }
        }
        catch (NpgsqlException e)
        {
            throw new DataSourceException($"postgres table {table}: {e.Message}", e);
        }

        if (columns.Count == 0)
        {
            throw new DataSourceException($"postgres table {table} does not exist or has no columns the connector may see");
        }

        return new PostgresTableSource(connectionString, table!, $"\"{parts[0]}\".\"{parts[1]}\"", new DatasetSchema(columns));
    }

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        var selected = columns.Select(name => Schema.IndexOf(name) is var i and >= 0
            ? Schema.Columns[i]
            : throw new DataSourceException($"postgres table {Table}: no column '{name}'")).ToArray();
        return selected.Length == 0 ? throw new ArgumentException("no columns requested", nameof(columns)) : Read(selected, maxRows, orderByAll: false, cancellationToken);
    }

    /// <summary>The number of rows and a content digest: SHA-256 over every row in a fixed order (all columns, ascending).</summary>
    public (long Rows, string Digest) Describe(CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long rows = 0;
        foreach (var batch in Read([.. Schema.Columns], 65_536, orderByAll: true, cancellationToken))
        {
            rows += batch.Length;
            for (var row = 0; row < batch.Length; row++)
            {
                for (var column = 0; column < batch.ColumnCount; column++)
                {
                    var array = batch.Column(column);
                    var text = array.IsNull(row) ? "\u0000" : array switch
                    {
                        Int32Array a => a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Int64Array a => a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        DoubleArray a => a.GetValue(row)!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                        BooleanArray a => a.GetValue(row)!.Value ? "true" : "false",
                        Date32Array a => a.GetValue(row)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        StringArray a => a.GetString(row),
                        _ => "?",
                    };
                    hash.AppendData(Encoding.UTF8.GetBytes(text));
                    hash.AppendData(column + 1 < batch.ColumnCount ? "\u001f"u8 : "\u001e"u8);
                }
            }
        }

        return (rows, "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private IEnumerable<RecordBatch> Read(ColumnSchema[] selected, int maxRows, bool orderByAll, CancellationToken cancellationToken)
    {
        var list = string.Join(", ", selected.Select(c => "\"" + c.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        var sql = $"SELECT {list} FROM {_quotedTable}" + (orderByAll ? $" ORDER BY {string.Join(", ", Enumerable.Range(1, selected.Length))}" : "");
        var arrowSchema = new Apache.Arrow.Schema.Builder();
        foreach (var column in selected)
        {
            arrowSchema.Field(f => f.Name(column.Name).DataType(ArrowTypeOf(column.Type)).Nullable(true));
        }

        var schema = arrowSchema.Build();
        using var connection = new NpgsqlConnection(_connectionString);
        using var command = new NpgsqlCommand(sql, connection);
        NpgsqlDataReader reader;
        try
        {
            connection.Open();
            reader = command.ExecuteReader(System.Data.CommandBehavior.SequentialAccess);
        }
        catch (NpgsqlException e)
        {
            throw new DataSourceException($"postgres table {Table}: {e.Message}", e);
        }

        using (reader)
        {
            while (true)
            {
                var builders = selected.Select(c => new ColumnBuilder(c.Type, Math.Min(maxRows, 65_536))).ToArray();
                var rows = 0;
                while (rows < maxRows && Next(reader, cancellationToken))
                {
                    for (var i = 0; i < selected.Length; i++)
                    {
                        Append(builders[i], reader, i);
                    }

                    rows++;
                }

                if (rows == 0)
                {
                    yield break;
                }

                yield return new RecordBatch(schema, builders.Select(b => b.Build()), rows);
                if (rows < maxRows)
                {
                    yield break;
                }
            }
        }
    }

    private bool Next(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return reader.Read();
        }
        catch (NpgsqlException e)
        {
            throw new DataSourceException($"postgres table {Table}: {e.Message}", e);
        }
    }

    private static void Append(ColumnBuilder builder, NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            builder.AppendNull();
            return;
        }

        switch (builder.Type)
        {
            case ColumnType.Int32:
                builder.AppendInt32(Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ColumnType.Int64:
                builder.AppendInt64(reader.GetInt64(ordinal));
                break;
            case ColumnType.Float64:
                builder.AppendDouble(Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ColumnType.Boolean:
                builder.AppendBoolean(reader.GetBoolean(ordinal));
                break;
            case ColumnType.Date:
                builder.AppendDate(reader.GetFieldValue<DateOnly>(ordinal));
                break;
            default:
                builder.AppendString(reader.GetString(ordinal));
                break;
        }
    }

    private static Apache.Arrow.Types.IArrowType ArrowTypeOf(ColumnType type) => type switch
    {
        ColumnType.Int32 => Apache.Arrow.Types.Int32Type.Default,
        ColumnType.Int64 => Apache.Arrow.Types.Int64Type.Default,
        ColumnType.Float64 => Apache.Arrow.Types.DoubleType.Default,
        ColumnType.Boolean => Apache.Arrow.Types.BooleanType.Default,
        ColumnType.Date => Apache.Arrow.Types.Date32Type.Default,
        _ => Apache.Arrow.Types.StringType.Default,
    };

    public void Dispose()
    {
    }
}
