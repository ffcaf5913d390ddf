using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>
/// Applies the engine's numbered migration scripts (<c>Storage/Migrations/&lt;Engine&gt;/NNNN_name.sql</c>, embedded
/// in the assembly) in order, in one transaction, recording each in <c>schema_migrations</c>. Re-running applies
/// nothing; a database whose recorded version is newer than the newest script is refused.
/// </summary>
internal sealed partial class SchemaMigrator(StorageDatabase database, ILogger<SchemaMigrator> logger)
{
    /// <summary>The engine's migrations, ordered by version.</summary>
    public static IReadOnlyList<Migration> Load(string folder)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.Migrations.{folder}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[prefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"migration script '{resource}' is not named NNNN_name.sql");
            }

            migrations.Add(new Migration(version, name, ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"migrations for {folder} must be numbered 1, 2, 3, ... without gaps; found {migrations[i].Name}");
            }
        }

        return migrations;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = Load(database.MigrationFolder);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await database.PrepareMigrationsAsync(connection, done: false, cancellationToken).ConfigureAwait(false);
        try
        {
            await MigrateAsync(connection, migrations, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await database.PrepareMigrationsAsync(connection, done: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task MigrateAsync(DbConnection connection, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await database.LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        await using (var create = connection.Command(database.CreateMigrationsTableSql, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long current;
        await using (var read = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", transaction))
        {
            current = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        var known = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (current > known)
        {
            Log.SchemaTooNew(logger, database.Engine, current, known);
            throw new StorageSchemaException(
                $"the {database.Engine} database has schema version {current}, newer than this connector knows ({known}); " +
                "run a connector at least as new as the one that migrated it");
        }

        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await using (var apply = connection.Command(migration.Sql, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = connection.Command(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)", transaction)
                .With("version", migration.Version)
                .With("name", migration.Name)
                .With("applied_at", database.ToDb(database.Time.GetUtcNow()));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await database.CheckMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var migration in migrations)
        {
            if (migration.Version > current)
            {
                Log.MigrationApplied(logger, database.Engine, migration.Version, migration.Name);
            }
        }

        Log.SchemaCurrent(logger, database.Engine, known);
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"migration script '{resource}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>One numbered migration script.</summary>
    internal sealed record Migration(int Version, string Name, string Sql);
}
