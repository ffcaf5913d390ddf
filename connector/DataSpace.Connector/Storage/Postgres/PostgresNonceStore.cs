using DataSpace.Crypto.HttpSignatures;
using Npgsql;

namespace DataSpace.Connector.Storage.Postgres;

/// <summary>
/// The replay store shared by every replica of one connector (<c>Connector:Storage:Log=Postgres</c>; docs/gateway.md,
/// "Replays"): a request's nonce remembered by one replica is refused by all, however the gateways spread the replay.
/// One row per (key id, nonce) in <c>request_nonces</c> until it expires; an expired row may be taken again, and expired
/// rows are deleted now and then. When the database cannot answer, a nonce is not remembered and the request is refused
/// (fail closed), as a full in-memory store refuses it.
/// </summary>
internal sealed class PostgresNonceStore : INonceStore, IDisposable
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS request_nonces (
            key_id     text        NOT NULL,
            nonce      text        NOT NULL,
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (key_id, nonce)
        )
        """;

    private const int PurgeEvery = 1024;

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private int _remembered;

    public PostgresNonceStore(string connectionString, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _source = NpgsqlDataSource.Create(connectionString);
        _time = time;
        using var connection = _source.OpenConnection();
        using var create = new NpgsqlCommand(CreateSql, connection);
        create.ExecuteNonQuery();
    }

    public bool TryRemember(string keyId, string nonce, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(nonce);
        try
        {
            using var connection = _source.OpenConnection();
            using var insert = new NpgsqlCommand(
                """
                INSERT INTO request_nonces (key_id, nonce, expires_at) VALUES ($1, $2, $3)
                ON CONFLICT (key_id, nonce) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE request_nonces.expires_at <= $4
                RETURNING 1
                """, connection)
            {
                Parameters =
                {
                    new() { Value = keyId }, new() { Value = nonce }, new() { Value = expiresAt.UtcDateTime }, new() { Value = _time.GetUtcNow().UtcDateTime },
                },
            };
            var taken = insert.ExecuteScalar() is not null;
            if (taken && Interlocked.Increment(ref _remembered) % PurgeEvery == 0)
            {
                using var purge = new NpgsqlCommand("DELETE FROM request_nonces WHERE expires_at <= $1", connection)
                {
                    Parameters = { new() { Value = _time.GetUtcNow().UtcDateTime } },
                };
                purge.ExecuteNonQuery();
            }

            return taken;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public bool IsRemembered(string keyId, string nonce)
    {
        try
        {
            using var connection = _source.OpenConnection();
            using var query = new NpgsqlCommand("SELECT 1 FROM request_nonces WHERE key_id = $1 AND nonce = $2 AND expires_at > $3", connection)
            {
                Parameters = { new() { Value = keyId }, new() { Value = nonce }, new() { Value = _time.GetUtcNow().UtcDateTime } },
            };
            return query.ExecuteScalar() is not null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Cannot tell cheaply: TryRemember decides (and refuses when the database cannot answer).
            return false;
        }
    }

    public void Dispose() => _source.Dispose();
}
