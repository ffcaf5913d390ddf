using System.Text;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// The audit index (docs/storage.md, <c>audit_index</c>): a row per log entry with the fields the log's filters match,
/// so that a filtered page of a log of a million entries is an index range, not a scan of the log's files. The log stays
/// the record; the index is derived from it and can be dropped and rebuilt.
/// </summary>
internal sealed partial class SqlConnectorStore
{
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
            }
        }, cancellationToken);
    }

    public async Task TrimAuditIndexAsync(string logId, long from, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(logId);
        await ExecuteAsync(
            "DELETE FROM audit_index WHERE log_id = @log AND log_index >= @from",
            command => command.With("log", logId).With("from", from),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> SearchAuditIndexAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var conditions = new StringBuilder();
        Append(conditions, query.After, "log_index > @after");
        Append(conditions, query.Action, "action = @action");
        Append(conditions, query.Actor, "actor = @actor");
        var (kind, low, high) = PrefixRange(query.ResourcePrefix);
        Append(conditions, kind, "kind = @kind");
        Append(conditions, low, "resource >= @low AND resource < @high");

        // A time bound is a log-index bound first: at_max never goes back along the log, so the first entry whose at_max
        // reaches a time is found in one probe of its index, and every entry stamped at or after `from` is at or after it.
        // The stamps themselves are then checked, so no entry outside the range is ever returned.
        const string FirstReaching = "(SELECT log_index FROM audit_index WHERE log_id = @log AND at_max >= {0} ORDER BY at_max, log_index LIMIT 1)";
        if (query.From is not null)
        {
            conditions.Append(" AND at >= @from AND log_index >= COALESCE(").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, FirstReaching, "@from"))
                .Append(", @past_end)");
        }

        if (query.To is not null)
        {
            conditions.Append(" AND at < @to AND log_index < COALESCE(").Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, FirstReaching, "@to"))
                .Append(", @past_end)");
        }

        return await QueryAsync(
            $"SELECT log_index FROM audit_index WHERE log_id = @log{conditions} ORDER BY log_index LIMIT @limit",
            command =>
            {
                command.With("log", query.LogId).With("limit", query.Limit);
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
