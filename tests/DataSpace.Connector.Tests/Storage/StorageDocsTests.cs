using System.Text.RegularExpressions;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>docs/storage.md's schema section names exactly the tables and columns each engine has, with their types.</summary>
public abstract partial class StorageDocsContract : StorageContract
{
    /// <summary>Which of the doc's type columns this engine's types are in: 1 for SQLite, 2 for PostgreSQL.</summary>
    protected abstract int TypeColumn { get; }

    [Fact]
    public async Task Schema_AfterMigrations_MatchesTheDocument()
    {
        var documented = ReadDocumentedSchema(TypeColumn);
        var database = Database.Open();
        await database.InitializeAsync(Token);

        var actual = await ReadActualSchemaAsync(database);

        Assert.Equal(Render(documented), Render(actual));
    }

    /// <summary>Every column as "table.column type", sorted, read from the live database.</summary>
    internal abstract Task<SortedSet<string>> ReadActualSchemaAsync(DataSpace.Connector.Storage.Sql.StorageDatabase database);

    private static SortedSet<string> ReadDocumentedSchema(int typeColumn)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "docs", "storage.md"));
        var schema = text[text.IndexOf("\n## Schema", StringComparison.Ordinal)..text.IndexOf("\n## Migrations", StringComparison.Ordinal)];
        var columns = new SortedSet<string>(StringComparer.Ordinal);
        string? table = null;
        foreach (var line in schema.Split('\n'))
        {
            if (TableHeading().Match(line) is { Success: true } heading)
            {
                table = heading.Groups[1].Value;
            }
            else if (table is not null && ColumnRow().Match(line) is { Success: true } row)
            {
                var cells = line.Split('|', StringSplitOptions.TrimEntries);
                columns.Add($"{table}.{row.Groups[1].Value} {cells[1 + typeColumn].ToUpperInvariant()}");
            }
        }

        return columns;
    }

    private static string Render(SortedSet<string> columns) => string.Join('\n', columns);

    [GeneratedRegex(@"^### (\w+)\s*$")]
    private static partial Regex TableHeading();

    [GeneratedRegex(@"^\| `(\w+)` \|")]
    private static partial Regex ColumnRow();
}
