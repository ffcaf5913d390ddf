namespace DataSpace.Sandbox.Data;

/// <summary>
/// Tracks which types every non-empty value of one CSV column fits so far. The inferred type is the first
/// that all values fit, in the order int64, float64, boolean, date, string; a column with no values is a string.
/// </summary>
internal sealed class CsvSchemaInference
{
    private bool _int64 = true;
    private bool _float64 = true;
    private bool _boolean = true;
    private bool _date = true;
    private bool _anyValue;

    public void Observe(ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return;
        }

        _anyValue = true;
        _int64 = _int64 && CsvValues.TryParseInt64(field, out _);
        _float64 = _float64 && CsvValues.TryParseFloat64(field, out _);
        _boolean = _boolean && CsvValues.TryParseBoolean(field, out _);
        _date = _date && CsvValues.TryParseDate(field, out _);
    }

    public ColumnType Result => !_anyValue ? ColumnType.String
        : _int64 ? ColumnType.Int64
        : _float64 ? ColumnType.Float64
        : _boolean ? ColumnType.Boolean
        : _date ? ColumnType.Date
        : ColumnType.String;
}
