using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Abi;

/// <summary>
/// Copies one column of an Arrow batch into a job's linear memory in the ABI v1 layout
/// (docs/sandbox-abi.md): fixed-width values in bulk, booleans one byte per row, strings as
/// offsets then bytes, nulls as zero or the empty string, validity as an LSB-first bitmap.
/// </summary>
internal static class ColumnCopier
{
    /// <summary>Bytes <see cref="Copy"/> writes for this column.</summary>
    public static int SizeOf(IArrowArray array, ColumnType type)
    {
        var rows = array.Length;
        return type switch
        {
            ColumnType.Int32 or ColumnType.Date => checked(rows * 4),
            ColumnType.Int64 or ColumnType.Float64 => checked(rows * 8),
            ColumnType.Boolean => rows,
            ColumnType.String => checked(((rows + 1) * 4) + StringBytes((StringArray)array)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type"),
        };
    }

    /// <summary>Writes the column into <paramref name="destination"/>, exactly <see cref="SizeOf"/> bytes.</summary>
    public static void Copy(IArrowArray array, ColumnType type, Span<byte> destination)
    {
        switch (type)
        {
            case ColumnType.Int32:
                CopyFixed(((Int32Array)array).Values, array, destination);
                break;
            case ColumnType.Date:
                CopyFixed(((Date32Array)array).Values, array, destination);
                break;
            case ColumnType.Int64:
                CopyFixed(((Int64Array)array).Values, array, destination);
                break;
            case ColumnType.Float64:
                CopyFixed(((DoubleArray)array).Values, array, destination);
                break;
            case ColumnType.Boolean:
                CopyBooleans((BooleanArray)array, destination);
                break;
            case ColumnType.String:
                CopyStrings((StringArray)array, destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown column type");
        }
    }

    /// <summary>Writes the validity bitmap (bit set = value present) into <paramref name="destination"/>, (rows + 7) / 8 bytes.</summary>
    public static void CopyValidity(IArrowArray array, Span<byte> destination)
    {
        var rows = array.Length;
        var bytes = (rows + 7) / 8;
        var target = destination[..bytes];
        if (array.NullCount == 0)
        {
            target.Fill(0xFF);
        }
        else
        {
            var bitmap = array.Data.Buffers[0].Span;
            var offset = array.Offset;
            if ((offset & 7) == 0)
            {
                bitmap.Slice(offset >> 3, bytes).CopyTo(target);
            }
            else
            {
                target.Clear();
                for (var i = 0; i < rows; i++)
                {
                    var bit = offset + i;
                    if ((bitmap[bit >> 3] & (1 << (bit & 7))) != 0)
                    {
                        target[i >> 3] |= (byte)(1 << (i & 7));
                    }
                }
            }
        }

        if ((rows & 7) != 0)
        {
            target[^1] &= (byte)((1 << (rows & 7)) - 1);
        }
    }

    private static void CopyFixed<T>(ReadOnlySpan<T> values, IArrowArray array, Span<byte> destination)
        where T : unmanaged
    {
        var source = MemoryMarshal.AsBytes(values);
        source.CopyTo(destination);
        if (array.NullCount > 0)
        {
            var target = MemoryMarshal.Cast<byte, T>(destination[..source.Length]);
            for (var i = 0; i < target.Length; i++)
            {
                if (array.IsNull(i))
                {
                    target[i] = default;
                }
            }
        }
    }

    private static void CopyBooleans(BooleanArray array, Span<byte> destination)
    {
        var bits = array.ValueBuffer.Span;
        var offset = array.Offset;
        var rows = array.Length;
        for (var i = 0; i < rows; i++)
        {
            var bit = offset + i;
            destination[i] = (byte)((bits[bit >> 3] >> (bit & 7)) & 1);
        }

        if (array.NullCount > 0)
        {
            for (var i = 0; i < rows; i++)
            {
                if (array.IsNull(i))
                {
                    destination[i] = 0;
                }
            }
        }
    }

    private static int StringBytes(StringArray array)
    {
        var offsets = array.ValueOffsets;
        if (array.NullCount == 0)
        {
            return offsets[array.Length] - offsets[0];
        }

        var total = 0;
        for (var i = 0; i < array.Length; i++)
        {
            if (!array.IsNull(i))
            {
                total += offsets[i + 1] - offsets[i];
            }
        }

        return total;
    }

    private static void CopyStrings(StringArray array, Span<byte> destination)
    {
        var rows = array.Length;
        var offsets = array.ValueOffsets;
        var data = array.ValueBuffer.Span;
        var header = destination[..((rows + 1) * 4)];
        var body = destination[((rows + 1) * 4)..];
        if (array.NullCount == 0)
        {
            var first = offsets[0];
            for (var i = 0; i <= rows; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(header[(i * 4)..], offsets[i] - first);
            }

            data[first..offsets[rows]].CopyTo(body);
            return;
        }

        var position = 0;
        for (var i = 0; i < rows; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header[(i * 4)..], position);
            if (!array.IsNull(i))
            {
                var value = data[offsets[i]..offsets[i + 1]];
                value.CopyTo(body[position..]);
                position += value.Length;
            }
        }

        BinaryPrimitives.WriteInt32LittleEndian(header[(rows * 4)..], position);
    }
}
