using System.Globalization;
using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataSpace.Sandbox.Data;

/// <summary>Maps Arrow types to <see cref="ColumnType"/> and copies Arrow arrays into normalised builders.</summary>
internal static class ArrowColumnConverter
{
    /// <summary>The column type an Arrow type is read as, or null when the type is not supported.</summary>
    public static ColumnType? Map(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 => ColumnType.Int32,
        ArrowTypeId.Int64 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64 or ArrowTypeId.Timestamp => ColumnType.Int64,
        ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double
            or ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256 => ColumnType.Float64,
        ArrowTypeId.Boolean => ColumnType.Boolean,
        ArrowTypeId.Date32 or ArrowTypeId.Date64 => ColumnType.Date,
        ArrowTypeId.String or ArrowTypeId.LargeString or ArrowTypeId.StringView => ColumnType.String,
        _ => null,
    };

    /// <summary>The dataset schema of an Arrow schema; throws naming the first column of an unsupported type.</summary>
    public static DatasetSchema ToDatasetSchema(Schema schema, string path)
    {
        var columns = new List<ColumnSchema>(schema.FieldsList.Count);
        foreach (var field in schema.FieldsList)
        {
            var type = Map(field.DataType) ?? throw new DataSourceException(
                $"{path}: column '{field.Name}' has unsupported Arrow type {field.DataType.Name}" +
                (field.DataType.TypeId is ArrowTypeId.Binary or ArrowTypeId.LargeBinary or ArrowTypeId.BinaryView or ArrowTypeId.FixedSizedBinary
                    ? " (binary columns are not supported)"
                    : string.Empty));
            columns.Add(new ColumnSchema(field.Name, type, field.IsNullable));
        }

        try
        {
            return new DatasetSchema(columns);
        }
        catch (ArgumentException ex)
        {
            throw new DataSourceException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Appends rows [start, start + count) of <paramref name="source"/> to <paramref name="target"/>;
    /// <paramref name="firstRow"/> is the 0-based dataset row of <paramref name="start"/>, for error messages.
    /// </summary>
    public static void Append(IArrowArray source, int start, int count, ColumnBuilder target, string path, string column, long firstRow)
    {
        var end = start + count;
        switch (source)
        {
            case Int8Array a:
                AppendInt32(a, start, end, target);
                break;
            case Int16Array a:
                AppendInt32(a, start, end, target);
                break;
            case Int32Array a:
                AppendInt32(a, start, end, target);
                break;
            case UInt8Array a:
                AppendInt32(a, start, end, target);
                break;
            case UInt16Array a:
                AppendInt32(a, start, end, target);
                break;
            case Int64Array a:
                AppendInt64(a, start, end, target);
                break;
            case UInt32Array a:
                AppendInt64(a, start, end, target);
                break;
            case UInt64Array a:
                AppendUInt64(a, start, end, target, path, column, firstRow - start);
                break;
            case TimestampArray a:
                AppendTimestamp(a, start, end, target, path, column, firstRow - start);
                break;
            case HalfFloatArray a:
                AppendDouble(a, start, end, target);
                break;
            case FloatArray a:
                AppendDouble(a, start, end, target);
                break;
            case DoubleArray a:
                AppendDouble(a, start, end, target);
                break;
            case Decimal128Array a:
                AppendDecimal(a, start, end, target, a.GetValue, a.GetString);
                break;
            case Decimal256Array a:
                AppendDecimal(a, start, end, target, a.GetValue, a.GetString);
                break;
            case BooleanArray a:
                for (var i = start; i < end; i++)
                {
                    AppendOrNull(target, a.GetValue(i), static (b, v) => b.AppendBoolean(v));
                }

                break;
            case Date32Array a:
                for (var i = start; i < end; i++)
                {
                    if (a.IsNull(i))
                    {
                        target.AppendNull();
                    }
                    else
                    {
                        target.AppendDate(a.Values[i]);
                    }
                }

                break;
            case Date64Array a:
                for (var i = start; i < end; i++)
                {
                    if (a.IsNull(i))
                    {
                        target.AppendNull();
                    }
                    else
                    {
                        target.AppendDate((int)TimeConversions.FloorDivide(a.Values[i], TimeConversions.MillisecondsPerDay));
                    }
                }

                break;
            case StringArray a:
                for (var i = start; i < end; i++)
                {
                    if (a.IsNull(i))
                    {
                        target.AppendNull();
                    }
                    else
                    {
                        target.AppendUtf8(a.GetBytes(i));
                    }
                }

                break;
            case LargeStringArray a:
                AppendStrings(a, start, end, target, i => a.GetString(i));
                break;
            case StringViewArray a:
                AppendStrings(a, start, end, target, i => a.GetString(i));
                break;
            default:
                throw new DataSourceException($"{path}: column '{column}' has unsupported Arrow type {source.Data.DataType.Name}");
        }
    }

    private static void AppendInt32<T>(PrimitiveArray<T> source, int start, int end, ColumnBuilder target)
        where T : struct, IEquatable<T>, IBinaryInteger<T>
    {
        var values = source.Values;
        for (var i = start; i < end; i++)
        {
            if (source.IsNull(i))
            {
                target.AppendNull();
            }
            else
            {
                target.AppendInt32(int.CreateTruncating(values[i]));
            }
        }
    }

    private static void AppendInt64<T>(PrimitiveArray<T> source, int start, int end, ColumnBuilder target)
        where T : struct, IEquatable<T>, IBinaryInteger<T>
    {
        var values = source.Values;
        for (var i = start; i < end; i++)
        {
            if (source.IsNull(i))
            {
                target.AppendNull();
            }
            else
            {
                target.AppendInt64(long.CreateTruncating(values[i]));
            }
        }
    }

    private static void AppendUInt64(UInt64Array source, int start, int end, ColumnBuilder target, string path, string column, long rowOfIndexZero)
    {
        var values = source.Values;
        for (var i = start; i < end; i++)
        {
            if (source.IsNull(i))
            {
                target.AppendNull();
            }
            else if (values[i] > long.MaxValue)
            {
                throw new DataSourceException($"{path}: column '{column}' row {rowOfIndexZero + i + 1}: uint64 value does not fit in int64");
            }
            else
            {
                target.AppendInt64((long)values[i]);
            }
        }
    }

    private static void AppendTimestamp(TimestampArray source, int start, int end, ColumnBuilder target, string path, string column, long rowOfIndexZero)
    {
        // Arrow stores zoned timestamps as UTC instants and unzoned ones as wall-clock values; both are read as they are stored.
        var unit = ((TimestampType)source.Data.DataType).Unit;
        var values = source.Values;
        for (var i = start; i < end; i++)
        {
            if (source.IsNull(i))
            {
                target.AppendNull();
                continue;
            }

            try
            {
                target.AppendInt64(unit switch
                {
                    TimeUnit.Second => checked(values[i] * 1_000_000),
                    TimeUnit.Millisecond => checked(values[i] * 1_000),
                    TimeUnit.Microsecond => values[i],
                    _ => TimeConversions.FloorDivide(values[i], 1_000),
                });
            }
            catch (OverflowException ex)
            {
                throw new DataSourceException($"{path}: column '{column}', row {rowOfIndexZero + i + 1}: timestamp does not fit in int64 microseconds", ex);
            }
        }
    }

    private static void AppendDouble<T>(PrimitiveArray<T> source, int start, int end, ColumnBuilder target)
        where T : struct, IEquatable<T>, INumberBase<T>
    {
        var values = source.Values;
        for (var i = start; i < end; i++)
        {
            if (source.IsNull(i))
            {
                target.AppendNull();
            }
            else
            {
                target.AppendDouble(double.CreateTruncating(values[i]));
            }
        }
    }

    private static void AppendDecimal(IArrowArray source, int start, int end, ColumnBuilder target, Func<int, decimal?> getValue, Func<int, string?> getString)
    {
        for (var i = start; i < end; i++)
        {
            if (source.IsNull(i))
            {
                target.AppendNull();
                continue;
            }

            double value;
            try
            {
                value = (double)getValue(i)!.Value;
            }
            catch (OverflowException)
            {
                // Beyond System.Decimal's 28 digits: go through the exact decimal text.
                value = double.Parse(getString(i)!, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            target.AppendDouble(value);
        }
    }

    private static void AppendStrings(IArrowArray source, int start, int end, ColumnBuilder target, Func<int, string?> getString)
    {
        for (var i = start; i < end; i++)
        {
            if (source.IsNull(i))
            {
                target.AppendNull();
            }
            else
            {
                target.AppendString(getString(i)!);
            }
        }
    }

    private static void AppendOrNull<T>(ColumnBuilder target, T? value, Action<ColumnBuilder, T> append)
        where T : struct
    {
        if (value is { } v)
        {
            append(target, v);
        }
        else
        {
            target.AppendNull();
        }
    }
}
