using System.Globalization;
using System.Security.Cryptography;
using DataSpace.Sandbox.Data;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Connector.Tests.Data;

/// <summary>
/// Writes the tax rows of <see cref="Support.Scenario"/> (600 taxpayers in regions 11 to 13) as Parquet with Parquet.Net:
/// as a Hive folder <c>region=11/</c>, <c>region=12/</c>, <c>region=13/</c>, or as one file with <c>region</c> a string column.
/// </summary>
internal static class ParquetFolderFiles
{
    private static IEnumerable<(string Id, double Income, double Tax, string Region)> Rows() =>
        Enumerable.Range(0, 600).Select(i => ($"TP-{700000 + (i * 13)}", 20_000 + (i * 37.25), (i % 50) + 0.5, (11 + (i % 3)).ToString(CultureInfo.InvariantCulture)));

    /// <summary>The Hive folder, one file per region (and two for region 12, split at row 300).</summary>
    public static async Task WriteFolderAsync(string folder)
    {
        foreach (var group in Rows().GroupBy(r => r.Region))
        {
            var rows = group.ToList();
            if (group.Key == "12")
            {
                await WriteAsync(Path.Combine(folder, "region=12", "part-0.parquet"), rows.Take(50).ToList(), withRegion: false);
                await WriteAsync(Path.Combine(folder, "region=12", "part-1.parquet"), rows.Skip(50).ToList(), withRegion: false);
            }
            else
            {
                await WriteAsync(Path.Combine(folder, $"region={group.Key}", "part-0.parquet"), rows, withRegion: false);
            }
        }
    }

    /// <summary>The same rows in one file, <c>region</c> a string column after the others, as the folder shows it.</summary>
    public static Task WriteSingleAsync(string path) => WriteAsync(path, [.. Rows()], withRegion: true);

    /// <summary>A file of the folder's schema holding <paramref name="count"/> rows.</summary>
    public static Task WriteRowsAsync(string path, int count) => WriteAsync(path, [.. Rows().Take(count)], withRegion: false);

    /// <summary>The lines of the folder's digest computed here, independently of the connector: SHA-256 of each file.</summary>
    public static IReadOnlyList<PartDigest> Parts(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Select(path => new PartDigest(
            Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'),
            new FileInfo(path).Length,
            "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))))];

    private static async Task WriteAsync(string path, List<(string Id, double Income, double Tax, string Region)> rows, bool withRegion)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // New fields for every file: Parquet.Net fields belong to the schema they are put in. The measures are required
        // columns (double, not double?).
        DataField<string> taxpayerId = new("taxpayer_id"), region = new("region");
        DataField<double> income = new("income"), tax = new("tax");
        var schema = withRegion ? new ParquetSchema(taxpayerId, income, tax, region) : new ParquetSchema(taxpayerId, income, tax);
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        using var rowGroup = writer.CreateRowGroup();
        await rowGroup.WriteAsync(taxpayerId, rows.Select(r => r.Id).ToArray());
        await rowGroup.WriteAsync<double>(income, rows.Select(r => r.Income).ToArray());
        await rowGroup.WriteAsync<double>(tax, rows.Select(r => r.Tax).ToArray());
        if (withRegion)
        {
            await rowGroup.WriteAsync(region, rows.Select(r => r.Region).ToArray());
        }
    }
}
