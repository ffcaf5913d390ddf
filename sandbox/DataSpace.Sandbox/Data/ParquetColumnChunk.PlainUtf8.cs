using Apache.Arrow;

namespace DataSpace.Sandbox.Data;

internal abstract partial class ParquetColumnChunk
{
    /// <summary>
    /// A string column chunk decoded by <see cref="ParquetPlainStrings"/> (PLAIN pages, values all valid UTF-8): the values
    /// of a batch's rows lie one after the other in one buffer, so a batch's <see cref="StringArray"/> takes them with one
    /// copy, its offsets are the rows' offsets less the first, and its validity bits are packed from the rows' levels.
    /// </summary>
    private sealed class PlainUtf8Chunk(ParquetPlainStrings strings) : ParquetColumnChunk
    {
        public override void AppendTo(ColumnBuilder target, int start, int count)
        {
            var offsets = strings.Offsets;
            for (var row = start; row < start + count; row++)
            {
                if (strings.Defined is { } defined && defined[row] == 0)
                {
                    target.AppendNull();
                }
                else
                {
                    target.AppendUtf8(strings.Bytes.AsSpan(offsets[row], offsets[row + 1] - offsets[row]));
                }
            }
        }

        /// <summary>The batch's buffers written straight into pooled memory (<see cref="BatchMemory.Take"/>), with no scratch.</summary>
        public override IArrowArray Build(ColumnType type, int start, int count)
        {
            var rows = strings.Offsets.AsSpan(start, count + 1);
            var first = rows[0];
            var offsetBuffer = BatchMemory.Take((count + 1) * sizeof(int), out var offsetBytes);
            var offsets = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(offsetBytes);
            for (var i = 0; i < rows.Length; i++)
            {
                offsets[i] = rows[i] - first;
            }

            var valueBuffer = BatchMemory.Take(rows[^1] - first, out var values);
            strings.Bytes.AsSpan(first, rows[^1] - first).CopyTo(values);
            var nulls = 0;
            var validity = strings.Defined is { } defined ? Validity(defined.AsSpan(start, count), out nulls) : ArrowBuffer.Empty;
            return new StringArray(count, offsetBuffer, valueBuffer, validity, nulls, 0);
        }

        public override void Dispose() => strings.Dispose();
    }
}
