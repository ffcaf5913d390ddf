using Apache.Arrow;
using Microsoft.Data.Analysis;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// Collects normalised batches (<see cref="IDataSource.ReadBatches"/>) into one <see cref="DataFrame"/>, for host-side
/// tools and tests: the whole result is held in memory. Columns are built value by value instead of with
/// <c>DataFrame.FromArrowRecordBatch</c>, which in Microsoft.Data.Analysis 0.23.1 cannot read <see cref="Date32Array"/>
/// and gives frames that cannot be appended to.
/// </summary>
public static class DataFrames
{
    /// <summary>
    /// One frame with the batches' rows in order: int32, int64, double and boolean as primitive columns, dates as
    /// <see cref="DateTime"/> (midnight, unspecified kind), strings as <see cref="StringDataFrameColumn"/>; nulls kept.
    /// No batches give an empty frame without columns.
    /// </summary>
    /// <exception cref="ArgumentException">A batch is not normalised or does not have the first batch's columns.</exception>
    public static DataFrame ToDataFrame(IEnumerable<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        DataFrameColumn[]? columns = null;
        Schema? schema = null;
        foreach (var batch in batches)
        {
            if (columns is null)
            {
                schema = batch.Schema;
                columns = [.. batch.Schema.FieldsList.Select((field, i) => CreateColumn(field.Name, batch.Column(i)))];
            }
            else if (!SameColumns(schema!, batch.Schema))
            {
                throw new ArgumentException("every batch must have the columns of the first", nameof(batches));
            }

            for (var i = 0; i < columns.Length; i++)
            {
                AppendColumn(columns[i], batch.Column(i));
            }
        }

        return columns is null ? new DataFrame() : new DataFrame(columns);
    }

    private static DataFrameColumn CreateColumn(string name, IArrowArray array) => array switch
    {
        Int32Array => new Int32DataFrameColumn(name),
        Int64Array => new Int64DataFrameColumn(name),
        DoubleArray => new DoubleDataFrameColumn(name),
        BooleanArray => new BooleanDataFrameColumn(name),
        Date32Array => new PrimitiveDataFrameColumn<DateTime>(name),
        StringArray => new StringDataFrameColumn(name),
        _ => throw new ArgumentException($"column '{name}' is not a normalised array ({array.GetType().Name})", nameof(array)),
    };

    private static void AppendColumn(DataFrameColumn column, IArrowArray array)
    {
        for (var i = 0; i < array.Length; i++)
        {
            switch (column, array)
            {
                case (Int32DataFrameColumn c, Int32Array a):
                    c.Append(a.GetValue(i));
                    break;
                case (Int64DataFrameColumn c, Int64Array a):
                    c.Append(a.GetValue(i));
                    break;
                case (DoubleDataFrameColumn c, DoubleArray a):
                    c.Append(a.GetValue(i));
                    break;
                case (BooleanDataFrameColumn c, BooleanArray a):
                    c.Append(a.GetValue(i));
                    break;
                case (PrimitiveDataFrameColumn<DateTime> c, Date32Array a):
                    c.Append(a.GetDateOnly(i)?.ToDateTime(TimeOnly.MinValue));
                    break;
                case (StringDataFrameColumn c, StringArray a):
                    c.Append(a.GetString(i));
                    break;
                default:
                    throw new ArgumentException($"column '{column.Name}' changes type between batches", nameof(array));
            }
        }
    }

    private static bool SameColumns(Schema first, Schema other)
    {
        if (first.FieldsList.Count != other.FieldsList.Count)
        {
            return false;
        }

        for (var i = 0; i < first.FieldsList.Count; i++)
        {
            if (first.FieldsList[i].Name != other.FieldsList[i].Name
                || first.FieldsList[i].DataType.TypeId != other.FieldsList[i].DataType.TypeId)
            {
                return false;
            }
        }

        return true;
    }
}
