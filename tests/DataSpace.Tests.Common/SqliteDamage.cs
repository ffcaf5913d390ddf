using Microsoft.Data.Sqlite;

namespace DataSpace.Tests.Common;

/// <summary>Damages a SQLite database as a failing disk would, for the tests of readiness and of the start-up checks.</summary>
public static class SqliteDamage
{
    /// <summary>
    /// Moves every page into the main file (<c>wal_checkpoint(TRUNCATE)</c>, so no copy in the WAL hides the damage),
    /// then overwrites the root page of <paramref name="table"/> with 0xFF bytes.
    /// </summary>
    public static void DamageTablePage(string database, string table)
    {
        long page;
        long pageSize;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
            using var root = connection.CreateCommand();
            root.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = $table";
            root.Parameters.AddWithValue("$table", table);
            page = root.ExecuteScalar() as long? ?? throw new InvalidOperationException($"{database} has no table '{table}'");
            using var size = connection.CreateCommand();
            size.CommandText = "PRAGMA page_size";
            pageSize = (long)size.ExecuteScalar()!;
        }

        using var file = File.OpenHandle(database, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        var garbage = new byte[pageSize];
        Array.Fill(garbage, (byte)0xFF);
        RandomAccess.Write(file, garbage, (page - 1) * pageSize);
        RandomAccess.FlushToDisk(file);
    }
}
