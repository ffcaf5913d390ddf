using Parquet;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>Writes Parquet test files with Parquet.Net, one row group per call of the row-group writer.</summary>
internal static class ParquetFiles
{
    public static async Task WriteAsync(string path, ParquetSchema schema, int rowGroups, Func<ParquetRowGroupWriter, int, Task> writeRowGroup)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        for (var group = 0; group < rowGroups; group++)
        {
            using var rowGroup = writer.CreateRowGroup();
            await writeRowGroup(rowGroup, group);
        }
    }

    /// <summary>A nullable int64 column "n" holding 0, 1, 2, ... in row groups of the given sizes; every 10th row of "text" is null.</summary>
    public static Task WriteSequenceAsync(string path, params int[] rowGroupSizes)
    {
        var n = new DataField<long?>("n");
        var text = new DataField<string>("text");
        long next = 0;
        return WriteAsync(path, new ParquetSchema(n, text), rowGroupSizes.Length, async (rowGroup, group) =>
        {
            var values = new long?[rowGroupSizes[group]];
            var strings = new string?[values.Length];
            for (var i = 0; i < values.Length; i++, next++)
            {
                values[i] = next;
                strings[i] = next % 10 == 9 ? null : $"row {next}";
            }

            await rowGroup.WriteAsync<long>(n, values);
            await rowGroup.WriteAsync(text, strings!);
        });
    }
}
