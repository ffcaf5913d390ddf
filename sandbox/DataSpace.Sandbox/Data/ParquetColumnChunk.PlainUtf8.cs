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
        // Scratch for Build, reused by every batch of the chunk: Build copies them into the array's own buffers.
        private readonly ArrowBuffer.Builder<int> _offsets = new(0);
        private readonly ArrowBuffer.Builder<byte> _bytes = new(0);
        private readonly ArrowBuffer.Builder<byte> _validity = new(0);

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

        public override IArrowArray Build(ColumnType type, int start, int count)
        {
            var rows = strings.Offsets.AsSpan(start, count + 1);
            var first = rows[0];
            var offsets = _offsets.Clear().Resize(count + 1).Span;
            for (var i = 0; i < rows.Length; i++)
            {
                offsets[i] = rows[i] - first;
            }

            _bytes.Clear().Append(strings.Bytes.AsSpan(first, rows[^1] - first));
            var nulls = 0;
            if (strings.Defined is { } defined)
            {
                var levels = defined.AsSpan(start, count);
                var validity = _validity.Clear().Resize((count + 7) / 8).Span;
                validity.Clear();
                for (var i = 0; i < levels.Length; i++)
                {
                    validity[i >> 3] |= (byte)(levels[i] << (i & 7));
                }

                nulls = count - levels.Count((byte)1);
            }

            var allocator = BatchMemory.Shared;
            return new StringArray(
                count, _offsets.Build(allocator), _bytes.Build(allocator), nulls == 0 ? ArrowBuffer.Empty : _validity.Build(allocator), nulls, 0);
        }

        public override void Dispose() => strings.Dispose();
    }
}
