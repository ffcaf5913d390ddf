using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using DataSpace.Sandbox.Data;
using DuckDB.NET.Data;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>The data side of <see cref="JobScan"/>: the folder written, DuckDB's query, hashing and the plain reader.</summary>
internal static partial class JobScan
{
    private static Dictionary<string, (long Count, double Income, double Tax)> Check(
        string name, Dictionary<string, (long Count, double Income, double Tax)> result, Dictionary<string, (long Count, double Income, double Tax)> reference)
    {
        static bool Near(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Abs(b));
        if (result.Count != reference.Count)
        {
            throw new InvalidOperationException($"{name}: {result.Count} groups, DuckDB {reference.Count}");
        }

        foreach (var (region, (count, income, tax)) in reference)
        {
            if (!result.TryGetValue(region, out var other) || other.Count != count || !Near(other.Income, income) || !Near(other.Tax, tax))
            {
                throw new InvalidOperationException($"{name}: group '{region}' is {(result.TryGetValue(region, out var o) ? o.ToString() : "missing")}, DuckDB ({count}, {income}, {tax})");
            }
        }

        return result;
    }

    private static Dictionary<string, (long Count, double Income, double Tax)> Duck(string folder, int threads)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SET threads = {threads}";
        command.ExecuteNonQuery();
        command.CommandText = string.Format(CultureInfo.InvariantCulture, Query, folder);
        var groups = new Dictionary<string, (long Count, double Income, double Tax)>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            groups[reader.GetString(0)] = (reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3));
        }

        return groups;
    }

    /// <summary>The encodings of each column's chunks in the first file, as DuckDB's <c>parquet_metadata</c> reads them.</summary>
    private static string Encodings(string folder)
    {
        var first = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        command.CommandText = $"SELECT path_in_schema, string_agg(DISTINCT encodings, '; ') FROM parquet_metadata('{first}') GROUP BY path_in_schema ORDER BY path_in_schema";
        using var reader = command.ExecuteReader();
        var parts = new List<string>();
        while (reader.Read())
        {
            parts.Add($"{reader.GetString(0)}: {reader.GetString(1)}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>Every file's SHA-256, <paramref name="threads"/> files at once, as <c>DatasetFolder.Hash</c> does (on all cores) for a task's files.</summary>
    private static void HashFolder(string folder, int threads)
    {
        var paths = Directory.GetFiles(folder, "*.parquet", SearchOption.AllDirectories);
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = threads }, path =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        });
    }

    /// <summary>The reader a task uses (one decode thread, on the reading thread), over the job's three columns, nothing done with them.</summary>
    private static void ReadAll(string folder, long rows)
    {
        using var source = (PartitionedDataSource)DataSources.OpenParquetFolder(folder);
        long read = 0;
        foreach (var batch in source.ReadBatches(["region", "income", "tax"], 65_536))
        {
            read += batch.Length;
            BatchMemory.Release(batch);
        }

        if (read != rows)
        {
            throw new InvalidOperationException($"the reader read {read} rows, not {rows}");
        }
    }

    /// <summary>
    /// Writes the folder: <paramref name="files"/> files of <paramref name="rowsPerFile"/> rows, row groups of
    /// <see cref="RowGroup"/>, <c>region</c> dictionary-encoded (Parquet.Net's <see cref="ParquetOptions.ColumnEncodingHints"/>),
    /// each file from its own seed, two files at a time.
    /// </summary>
    private static async Task WriteAsync(string folder, int files, int rowsPerFile)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var names = Enumerable.Range(0, Regions).Select(r => $"region-{r:D2}").ToArray();
        await Parallel.ForAsync(0, files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (f, token) =>
        {
            var region = new DataField<string>("region");
            var income = new DataField<double>("income");
            var tax = new DataField<double>("tax");
            var options = new ParquetOptions();
            options.ColumnEncodingHints[region.Path.ToString()] = EncodingHint.Dictionary;
            var random = new Random(20261206 + f);
            await using var stream = File.Create(Path.Combine(folder, $"part-{f:D3}.parquet"));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(region, income, tax), stream, options, cancellationToken: token);
            var regions = new string[RowGroup];
            var incomes = new double[RowGroup];
            var taxes = new double[RowGroup];
            for (var start = 0; start < rowsPerFile; start += RowGroup)
            {
                var length = Math.Min(RowGroup, rowsPerFile - start);
                for (var i = 0; i < length; i++)
                {
                    regions[i] = names[random.Next(Regions)];
                    incomes[i] = Math.Round(random.NextDouble() * 200_000, 2);
                    taxes[i] = Math.Round(incomes[i] * 0.12, 2);
                }

                using var group = writer.CreateRowGroup();
                await group.WriteAsync(region, length == RowGroup ? regions : regions[..length]);
                await group.WriteAsync<double>(income, incomes.AsMemory(0, length), cancellationToken: token);
                await group.WriteAsync<double>(tax, taxes.AsMemory(0, length), cancellationToken: token);
            }
        });
    }
}
