using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Benchmarks.Sandbox;

/// <summary>
/// The benchmark's dataset: <c>region</c> (int32, 100 distinct codes), <c>income</c> and <c>tax</c> (float64),
/// generated once from a fixed seed and held as Arrow record batches, so that every contender reads the same data.
/// </summary>
internal sealed class BenchData : IDataSource
{
    public const int Groups = 100;

    private readonly List<RecordBatch> _batches = [];

    public BenchData(long rows, int batchRows)
    {
        Rows = rows;
        var random = new Random(20261123);
        var schema = new Schema.Builder()
            .Field(f => f.Name("region").DataType(Apache.Arrow.Types.Int32Type.Default).Nullable(false))
            .Field(f => f.Name("income").DataType(Apache.Arrow.Types.DoubleType.Default).Nullable(false))
            .Field(f => f.Name("tax").DataType(Apache.Arrow.Types.DoubleType.Default).Nullable(false))
            .Build();
        for (long start = 0; start < rows; start += batchRows)
        {
            var length = (int)Math.Min(batchRows, rows - start);
            var region = new Int32Array.Builder().Reserve(length);
            var income = new DoubleArray.Builder().Reserve(length);
            var tax = new DoubleArray.Builder().Reserve(length);
            for (var i = 0; i < length; i++)
            {
                var value = Math.Round(random.NextDouble() * 200_000, 2);
                region.Append(1000 + random.Next(Groups));
                income.Append(value);
                tax.Append(Math.Round(value * 0.12, 2));
            }

            _batches.Add(new RecordBatch(schema, [region.Build(), income.Build(), tax.Build()], length));
        }

        Schema = new DatasetSchema([
            new ColumnSchema("region", ColumnType.Int32, false),
            new ColumnSchema("income", ColumnType.Float64, false),
            new ColumnSchema("tax", ColumnType.Float64, false),
        ]);
    }

    public long Rows { get; }

    public IReadOnlyList<RecordBatch> Batches => _batches;

    public DatasetSchema Schema { get; }

    public IEnumerable<RecordBatch> ReadBatches(IReadOnlyList<string> columns, int maxRows, CancellationToken cancellationToken = default)
    {
        var indexes = columns.Select(Schema.IndexOf).ToArray();
        foreach (var batch in _batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.Length > maxRows)
            {
                throw new InvalidOperationException("benchmark batches are larger than the job's batch size");
            }

            var fields = new Schema.Builder();
            foreach (var index in indexes)
            {
                fields.Field(batch.Schema.GetFieldByIndex(index));
            }

            yield return new RecordBatch(fields.Build(), indexes.Select(batch.Column), batch.Length);
        }
    }

    public void Dispose()
    {
    }
}
