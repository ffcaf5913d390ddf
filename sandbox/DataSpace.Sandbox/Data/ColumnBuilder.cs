using Apache.Arrow;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// Builds one normalised Arrow array of a <see cref="ColumnType"/>. The caller appends with the method that
/// matches the type; every array built starts at offset 0 and owns its buffers.
/// </summary>
public sealed class ColumnBuilder
{
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private readonly IArrowArrayBuilder _builder;

    public ColumnBuilder(ColumnType type, int capacity)
    {
        Type = type;
        _builder = type switch
        {
            ColumnType.Int32 => new Int32Array.Builder().Reserve(capacity),
            ColumnType.Int64 => new Int64Array.Builder().Reserve(capacity),
            ColumnType.Float64 => new DoubleArray.Builder().Reserve(capacity),
            ColumnType.Boolean => new BooleanArray.Builder().Reserve(capacity),
            ColumnType.Date => new Date32Array.Builder().Reserve(capacity),
            ColumnType.String => new StringArray.Builder().Reserve(capacity),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
        };
    }

    public ColumnType Type { get; }

    public void AppendInt32(int value) => ((Int32Array.Builder)_builder).Append(value);

    public void AppendInt64(long value) => ((Int64Array.Builder)_builder).Append(value);

    public void AppendDouble(double value) => ((DoubleArray.Builder)_builder).Append(value);

    public void AppendBoolean(bool value) => ((BooleanArray.Builder)_builder).Append(value);

    /// <summary>Appends a date given as days since 1970-01-01.</summary>
    public void AppendDate(int daysSinceEpoch) =>
        ((Date32Array.Builder)_builder).Append(DateOnly.FromDayNumber(UnixEpochDayNumber + daysSinceEpoch));

    public void AppendDate(DateOnly value) => ((Date32Array.Builder)_builder).Append(value);

    public void AppendString(string value) => ((StringArray.Builder)_builder).Append(value);

    /// <summary>Appends a string given as its UTF-8 bytes (no re-encoding).</summary>
    public void AppendUtf8(ReadOnlySpan<byte> value) => ((StringArray.Builder)_builder).Append(value);

    public void AppendNull()
    {
        switch (_builder)
        {
            case Int32Array.Builder b:
                b.AppendNull();
                break;
            case Int64Array.Builder b:
                b.AppendNull();
                break;
            case DoubleArray.Builder b:
                b.AppendNull();
                break;
            case BooleanArray.Builder b:
                b.AppendNull();
                break;
            case Date32Array.Builder b:
                b.AppendNull();
                break;
            case StringArray.Builder b:
                b.AppendNull();
                break;
            default:
                throw new InvalidOperationException("unreachable: unknown builder");
        }
    }

    public IArrowArray Build() => _builder switch
    {
        Int32Array.Builder b => b.Build(),
        Int64Array.Builder b => b.Build(),
        DoubleArray.Builder b => b.Build(),
        BooleanArray.Builder b => b.Build(),
        Date32Array.Builder b => b.Build(),
        StringArray.Builder b => b.Build(),
        _ => throw new InvalidOperationException("unreachable: unknown builder"),
    };
}
