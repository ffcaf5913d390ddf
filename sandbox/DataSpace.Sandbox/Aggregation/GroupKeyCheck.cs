using System.Globalization;
using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// Keeps group keys honest: a group whose key is not on the manifest's list may hold only rows whose value
/// in the group-key column, written canonically, is the key. So a released key is always a value shared by
/// every row of its group, and never something the job read elsewhere.
/// </summary>
internal sealed class GroupKeyCheck
{
    private readonly ColumnType _type;
    private readonly HashSet<string> _approved;
    private readonly List<Expected> _expected = [];

    public GroupKeyCheck(ColumnType type, IEnumerable<string> approvedKeys)
    {
        _type = type;
        _approved = new HashSet<string>(approvedKeys, StringComparer.Ordinal);
    }

    /// <summary>Checks every placed row of the batch; throws <see cref="JobViolationException"/> at the first bad one.</summary>
    public void Check(IArrowArray column, ReadOnlySpan<int> rowGroups, AggregateAccumulator accumulator, int batch)
    {
        while (_expected.Count < accumulator.GroupCount)
        {
            _expected.Add(Parse(accumulator.KeyOf(_expected.Count)));
        }

        var bad = column switch
        {
            // The common case, a code column without nulls, gets a tight loop of its own.
            Int32Array codes when codes.NullCount == 0 => FirstBadInt32(codes.Values, rowGroups),
            StringArray strings when strings.NullCount == 0 => FirstBadString(strings, rowGroups),
            _ => FirstBad(column, rowGroups),
        };
        if (bad >= 0)
        {
            throw new JobViolationException(string.Create(CultureInfo.InvariantCulture,
                $"group: row {bad} of batch {batch} was put in a group whose key is neither approved nor its value in the group-key column"));
        }
    }

    private int FirstBadInt32(ReadOnlySpan<int> values, ReadOnlySpan<int> rowGroups)
    {
        var expected = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_expected);
        for (var row = 0; row < rowGroups.Length; row++)
        {
            var group = rowGroups[row];
            if (group < 0)
            {
                continue;
            }

            ref readonly var want = ref expected[group];
            if (!want.Approved && (!want.Valid || values[row] != want.Number))
            {
                return row;
            }
        }

        return -1;
    }

    /// <summary>A string column without nulls: each placed row's bytes against its group's key, with no per-row type switch.</summary>
    private int FirstBadString(StringArray strings, ReadOnlySpan<int> rowGroups)
    {
        var expected = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_expected);
        var offsets = strings.ValueOffsets;
        var data = strings.Values;
        for (var row = 0; row < rowGroups.Length; row++)
        {
            var group = rowGroups[row];
            if (group < 0)
            {
                continue;
            }

            ref readonly var want = ref expected[group];
            if (!want.Approved && (!want.Valid || !data[offsets[row]..offsets[row + 1]].SequenceEqual(want.Text!)))
            {
                return row;
            }
        }

        return -1;
    }

    private int FirstBad(IArrowArray column, ReadOnlySpan<int> rowGroups)
    {
        for (var row = 0; row < rowGroups.Length; row++)
        {
            var group = rowGroups[row];
            if (group < 0)
            {
                continue;
            }

            var expected = _expected[group];
            if (!expected.Approved && (column.IsNull(row) || !Matches(column, row, expected)))
            {
                return row;
            }
        }

        return -1;
    }

    private Expected Parse(string key)
    {
        if (_approved.Contains(key))
        {
            return new Expected(true, false, 0, null);
        }

        switch (_type)
        {
            case ColumnType.Int32 or ColumnType.Int64:
                return long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    && integer.ToString(CultureInfo.InvariantCulture) == key
                    ? new Expected(false, true, integer, null)
                    : Expected.None;
            case ColumnType.Date:
                return DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? new Expected(false, true, date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber, null)
                    : Expected.None;
            case ColumnType.Boolean:
                return key switch
                {
                    "true" => new Expected(false, true, 1, null),
                    "false" => new Expected(false, true, 0, null),
                    _ => Expected.None,
                };
            case ColumnType.Float64:
                return double.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                    && double.IsFinite(real) && real.ToString("R", CultureInfo.InvariantCulture) == key
                    ? new Expected(false, true, BitConverter.DoubleToInt64Bits(real), null)
                    : Expected.None;
            case ColumnType.String:
                return new Expected(false, true, 0, Encoding.UTF8.GetBytes(key));
            default:
                return Expected.None;
        }
    }

    private static bool Matches(IArrowArray column, int row, Expected expected)
    {
        if (!expected.Valid)
        {
            return false;
        }

        return column switch
        {
            Int32Array a => a.Values[row] == expected.Number,
            Int64Array a => a.Values[row] == expected.Number,
            Date32Array a => a.Values[row] == expected.Number,
            BooleanArray a => (a.GetValue(row) == true ? 1 : 0) == expected.Number,
            DoubleArray a => BitConverter.DoubleToInt64Bits(a.Values[row] == 0 ? 0.0 : a.Values[row]) == expected.Number,
            StringArray a => a.GetBytes(row).SequenceEqual(expected.Text),
            _ => false,
        };
    }

    private readonly record struct Expected(bool Approved, bool Valid, long Number, byte[]? Text)
    {
        public static Expected None => new(false, false, 0, null);
    }
}
