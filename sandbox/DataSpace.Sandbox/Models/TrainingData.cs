using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Models;

/// <summary>
/// Reads the label and feature columns into a training and a held-out <see cref="TrainingMatrix"/>. Rows with a null,
/// NaN or infinite value (after conversion to float) are skipped and counted. About one row in five goes to the
/// held-out set, chosen by a hash of the seed and the row's position, so the split is deterministic.
/// </summary>
internal sealed class TrainingData
{
    private const ulong TestOneIn = 5;

    private TrainingData(TrainingMatrix train, TrainingMatrix test)
    {
        Train = train;
        Test = test;
    }

    public TrainingMatrix Train { get; }

    public TrainingMatrix Test { get; }

    public long SkippedRows { get; private set; }

    public bool RowLimitReached { get; private set; }

    public long UsableRows => Train.Rows + (long)Test.Rows;

    public static TrainingData Read(ModelSpec spec, IDataSource source, ModelOptions options, CancellationToken cancellationToken)
    {
        var columns = new List<string>(spec.Features.Count + 1);
        if (spec.Label is { } label)
        {
            CheckColumn(source.Schema, label, "label", spec.Trainer);
            columns.Add(label);
        }

        foreach (var feature in spec.Features)
        {
            CheckColumn(source.Schema, feature, "feature", null);
            columns.Add(feature);
        }

        var dims = spec.Features.Count;
        var data = new TrainingData(new TrainingMatrix(dims), new TrainingMatrix(dims));
        var firstFeature = spec.Label is null ? 0 : 1;
        var width = dims + 1;
        float[] scratch = [];
        bool[] valid = [];
        long position = 0;
        foreach (var batch in source.ReadBatches(columns, options.BatchRows, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = batch.Length;
            if (scratch.Length < rows * width)
            {
                scratch = new float[rows * width];
                valid = new bool[rows];
            }

            valid.AsSpan(0, rows).Fill(true);
            if (spec.Label is not null)
            {
                Convert(batch.Column(0), scratch, width, 0, valid, rows, spec.Trainer == ModelTrainerKind.LogisticRegression ? spec.Label : null);
            }

            for (var f = 0; f < dims; f++)
            {
                Convert(batch.Column(firstFeature + f), scratch, width, f + 1, valid, rows, null);
            }

            for (var r = 0; r < rows; r++, position++)
            {
                if (!valid[r])
                {
                    data.SkippedRows++;
                    continue;
                }

                var target = Mix((ulong)options.Seed, (ulong)position) % TestOneIn == 0 ? data.Test : data.Train;
                var row = scratch.AsSpan(r * width, width);
                row[1..].CopyTo(target.Append(row[0]));
                if (data.UsableRows == options.MaxRows)
                {
                    data.RowLimitReached = true;
                    return data;
                }
            }
        }

        return data;
    }

    private static void CheckColumn(DatasetSchema schema, string name, string role, ModelTrainerKind? labelOf)
    {
        if (schema.IndexOf(name) < 0)
        {
            throw new JobViolationException($"model: the {role} '{name}' is not a column of the dataset");
        }

        var type = schema[name].Type;
        if (type == ColumnType.String)
        {
            throw new JobViolationException(
                $"model: the {role} '{name}' is a string column; only numeric, boolean and date columns can be used");
        }

        if (labelOf == ModelTrainerKind.LogisticRegression && type is ColumnType.Date)
        {
            throw new JobViolationException($"model: the label '{name}' must be a boolean or a numeric 0/1 column");
        }
    }

    /// <summary>Writes one column into slot <paramref name="slot"/> of each row; clears <paramref name="valid"/> for unusable values.</summary>
    private static void Convert(IArrowArray array, float[] scratch, int width, int slot, bool[] valid, int rows, string? binaryLabel)
    {
        switch (array)
        {
            case DoubleArray a:
                var doubles = a.Values;
                for (var r = 0; r < rows; r++)
                {
                    Store(a, r, (float)doubles[r]);
                }

                break;
            case Int32Array a:
                var ints = a.Values;
                for (var r = 0; r < rows; r++)
                {
                    Store(a, r, ints[r]);
                }

                break;
            case Int64Array a:
                var longs = a.Values;
                for (var r = 0; r < rows; r++)
                {
                    Store(a, r, longs[r]);
                }

                break;
            case Date32Array a:
                var days = a.Values;
                for (var r = 0; r < rows; r++)
                {
                    Store(a, r, days[r]);
                }

                break;
            case BooleanArray a:
                for (var r = 0; r < rows; r++)
                {
                    Store(a, r, a.GetValue(r) == true ? 1f : 0f);
                }

                break;
            default:
                throw new DataSourceException($"model: the data source returned an unexpected {array.GetType().Name}");
        }

        void Store(IArrowArray a, int r, float value)
        {
            if (a.IsNull(r) || !float.IsFinite(value))
            {
                valid[r] = false;
                return;
            }

            if (binaryLabel is not null && value is not (0f or 1f))
            {
                throw new JobViolationException($"model: the label '{binaryLabel}' has values other than 0 and 1");
            }

            scratch[(r * width) + slot] = value;
        }
    }

    /// <summary>SplitMix64 finaliser over seed and position: a stable, well-spread row hash.</summary>
    private static ulong Mix(ulong seed, ulong position)
    {
        var z = (seed * 0x9E3779B97F4A7C15UL) ^ (position + 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
