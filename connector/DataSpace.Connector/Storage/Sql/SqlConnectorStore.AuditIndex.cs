using System.Text;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// The audit index (docs/storage.md, <c>audit_index</c> and <c>audit_index_datasets</c>): a row per log entry with the
/// fields the log's filters match, and one per dataset it names, so that a filtered page of a log of a million entries
/// is an index range, not a scan of the log's files. The log stays the record; the index is derived from it and can be
/// dropped and rebuilt.
/// </summary>
internal sealed partial class SqlConnectorStore
{
    /// <summary>The audit index's tables, the one keyed by its rows last.</summary>
    private static readonly string[] AuditIndexTables = ["audit_index_datasets", "audit_index"];

    public async Task<(long Size, DateTimeOffset? WhenMax)> GetAuditIndexTailAsync(string logId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logId);
        var tail = await QueryAsync(
            "SELECT log_index, at_max FROM audit_index WHERE log_id = @log ORDER BY log_index DESC LIMIT 1",
            command => command.With("log", logId),
            reader => (Size: reader.GetInt64(0) + 1, WhenMax: (DateTimeOffset?)database.ReadTime(reader, 1)),
            cancellationToken).ConfigureAwait(false);
        return tail.Count == 0 ? (0, null) : tail[0];
    }

    public async Task AddAuditIndexAsync(string logId, IReadOnlyList<AuditIndexRow> rows, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logId);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await WriteAsync("audit index", rows[0].Index.ToString(System.Globalization.CultureInfo.InvariantCulture), async (connection, transaction) =>
        {
            await using var insert = connection.Command(
                "INSERT INTO audit_index (log_id, log_index, at, at_max, action, actor, resource, kind) " +
                "VALUES (@log, @index, @at, @at_max, @action, @actor, @resource, @kind)", transaction)
                .With("log", logId).With("index", 0L).With("at", null).With("at_max", null)
                .With("action", "").With("actor", "").With("resource", "").With("kind", "");
            await using var named = connection.Command(
                "INSERT INTO audit_index_datasets (log_id, log_index, dataset) VALUES (@log, @index, @dataset)", transaction)
                .With("log", logId).With("index", 0L).With("dataset", "");
            foreach (var row in rows)
            {
                insert.Parameters[1].Value = row.Index;
                insert.Parameters[2].Value = database.ToDb(row.When);
                insert.Parameters[3].Value = database.ToDb(row.WhenMax);
                insert.Parameters[4].Value = row.Action;
                insert.Parameters[5].Value = row.Actor;
                insert.Parameters[6].Value = row.Resource;
                insert.Parameters[7].Value = KindOf(row.Resource);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // In the same transaction: a row another replica indexed first is a conflict before any of its datasets is written.
                named.Parameters[1].Value = row.Index;
                foreach (var dataset in row.Datasets)
                {
                    named.Parameters[2].Value = dataset;
                    await named.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken);
    }

    public async Task TrimAuditIndexAsync(string logId, long from, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logId);

        // Both tables in one transaction: datasets left above a trimmed index would refuse the entries indexed there again.
        await WriteAsync("audit index", from.ToString(System.Globalization.CultureInfo.InvariantCulture), async (connection, transaction) =>
        {
            foreach (var table in AuditIndexTables)
            {
                await using var delete = connection.Command($"DELETE FROM {table} WHERE log_id = @log AND log_index >= @from", transaction)
                    .With("log", logId).With("from", from);
                await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> SearchAuditIndexAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        // With a dataset, the page is read in the order of audit_index_datasets' primary key (log_id, dataset, log_index):
        // that dataset's entries in log order, each joined to its index row for the other filters. SQLite's CROSS JOIN
        // keeps that table the outer loop (its planner never reorders one); PostgreSQL plans it as any inner join.
        var key = query.Dataset is null ? "a.log_index" : "d.log_index";
        var conditions = new StringBuilder();
        Append(conditions, query.After, key + " > @after");
        Append(conditions, query.Action, "a.action = @action");
        Append(conditions, query.Actor, "a.actor = @actor");
        var (kind, low, high) = PrefixRange(query.ResourcePrefix);
        Append(conditions, kind, "a.kind = @kind");
        Append(conditions, low, "a.resource >= @low AND a.resource < @high");

        // A time bound is a log-index bound first: at_max never goes back along the log, so the first entry whose at_max
        // reaches a time is found in one probe of its index, and every entry stamped at or after `from` is at or after it.
        // The stamps themselves are then checked, so no entry outside the range is ever returned.
        const string FirstReaching = "(SELECT t.log_index FROM audit_index t WHERE t.log_id = @log AND t.at_max >= {0} ORDER BY t.at_max, t.log_index LIMIT 1)";
        if (query.From is not null)
        {
            conditions.Append(" AND a.at >= @from AND ").Append(key).Append(" >= COALESCE(")
                .Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, FirstReaching, "@from")).Append(", @past_end)");
        }

        if (query.To is not null)
        {
            conditions.Append(" AND a.at < @to AND ").Append(key).Append(" < COALESCE(")
                .Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, FirstReaching, "@to")).Append(", @past_end)");
        }

        var source = query.Dataset is null
            ? "audit_index a WHERE a.log_id = @log"
            : "audit_index_datasets d CROSS JOIN audit_index a WHERE d.log_id = @log AND d.dataset = @dataset AND a.log_id = d.log_id AND a.log_index = d.log_index";
        return await QueryAsync(
            $"SELECT {key} FROM {source}{conditions} ORDER BY {key} LIMIT @limit",
            command =>
            {
                command.With("log", query.LogId).With("limit", query.Limit);
                BindIf(command, "dataset", query.Dataset);
                BindIf(command, "after", query.After);
                BindIf(command, "action", query.Action);
                BindIf(command, "actor", query.Actor);
                BindIf(command, "kind", kind);
                BindIf(command, "low", low);
                BindIf(command, "high", high);
                if (query.From is { } from)
                {
                    command.With("from", database.ToDb(from));
                }

                if (query.To is { } to)
                {
                    command.With("to", database.ToDb(to));
                }

                if (query.From is not null || query.To is not null)
                {
                    command.With("past_end", long.MaxValue);
                }
            },
            static reader => reader.GetInt64(0),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A resource's kind: the text before its first <c>/</c> (<c>job</c> of <c>job/j-1</c>), or empty when it has none.</summary>
    internal static string KindOf(string resource)
    {
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : resource[..slash];
    }

    /// <summary>
    /// How a resource prefix is matched: <c>kind/</c> as the kind (read in log order from its index); any other prefix as
    /// the range [prefix, prefix with its last character raised by one) of code points, which is the order both engines
    /// keep the column in (SQLite's binary collation, PostgreSQL's <c>"C"</c>). The API admits printable ASCII prefixes only.
    /// </summary>
    private static (string? Kind, string? Low, string? High) PrefixRange(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return (null, null, null);
        }

        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash == prefix.Length - 1)
        {
            return (prefix[..slash], null, null);
        }

        return (null, prefix, prefix[..^1] + (char)(prefix[^1] + 1));
    }
}
