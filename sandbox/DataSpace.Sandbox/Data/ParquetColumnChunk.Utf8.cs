using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Apache.Arrow;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Sandbox.Data;

internal abstract partial class ParquetColumnChunk
{
    /// <summary>
    /// A string column (BYTE_ARRAY annotated UTF8/STRING) that <see cref="ParquetPlainStrings"/> does not decode itself
    /// (dictionary-encoded, another codec or encoding, or a value that is not valid UTF-8), read through Parquet.Net as the
    /// bytes the file holds, never as .NET strings: Parquet.Net 6.1.0 reads a string column as one new <c>char[]</c> per
    /// value (plain encoding), then one <see cref="string"/> per value, which we had to encode back to UTF-8. Asked for <see cref="ReadOnlyMemory{T}"/> of bytes instead (through a
    /// field of that type on the same column path, <see cref="BytesField"/>), its raw reader still decodes every page, every
    /// encoding and codec and the definition levels itself, and hands out the values as slices: a dictionary-encoded
    /// column's values all point into its dictionary's entries, decoded once per column chunk; a plain one's into one array
    /// per value. The values are copied as they are into the Arrow array; a value that is not valid UTF-8 is decoded and
    /// encoded again, which replaces each bad sequence with U+FFFD exactly as the string path did, so both give the same
    /// bytes for every file.
    /// <para>
    /// Parquet.Net fills the buffers it is given without saying how much it wrote, so both are filled first with marks it
    /// never writes (<see cref="Unwritten"/>, level -1) and checked after: a row without a level, a level that is neither
    /// null nor defined, or fewer (or more) values than defined rows make the file corrupt rather than letting pooled
    /// leftovers through as values.
    /// </para>
    /// </summary>
    private sealed class Utf8Chunk : ParquetColumnChunk
    {
        private const int NoLevel = -1;

        /// <summary>Marks the value slots Parquet.Net has not written: no decoder slices this array.</summary>
        private static readonly ReadOnlyMemory<byte> Unwritten = new byte[1];

        /// <summary>The value of each row (row-aligned; a null row's slot holds nothing of use).</summary>
        private readonly ReadOnlyMemory<byte>[] _values;

        /// <summary>The definition level of each row, or null for a required column (every row defined).</summary>
        private readonly int[]? _levels;

        private readonly int _maxLevel;

        // Scratch for Build, reused by every batch of the chunk: Build copies them into the array's own buffers.
        private readonly ArrowBuffer.Builder<int> _offsets = new(0);
        private readonly ArrowBuffer.Builder<byte> _bytes = new(0);
        private readonly ArrowBuffer.Builder<byte> _validity = new(0);

        private Utf8Chunk(ReadOnlyMemory<byte>[] values, int[]? levels, int maxLevel)
        {
            _values = values;
            _levels = levels;
            _maxLevel = maxLevel;
        }

        public static Utf8Chunk Read(ParquetRowGroupReader rowGroup, DataField field, int rowCount, string path, CancellationToken cancellationToken)
        {
            var values = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(rowCount);
            int[]? levels = null;
            try
            {
                values.AsSpan(0, rowCount).Fill(Unwritten);
                var maxLevel = field.MaxDefinitionLevel;
                if (maxLevel > 0)
                {
                    levels = ArrayPool<int>.Shared.Rent(rowCount);
                    levels.AsSpan(0, rowCount).Fill(NoLevel);
                }

                rowGroup.ReadRawAsync(BytesField(field), values.AsMemory(0, rowCount), levels?.AsMemory(0, rowCount), null, cancellationToken)
                    .AsTask().GetAwaiter().GetResult();
                var defined = levels is null ? rowCount : CountDefined(levels.AsSpan(0, rowCount), maxLevel, field, path);
                if ((defined > 0 && values[defined - 1].Equals(Unwritten)) || (defined < rowCount && !values[defined].Equals(Unwritten)))
                {
                    throw new DataSourceException(
                        $"{path}: corrupt or truncated Parquet file: column '{field.Name}' holds another number of values than its {defined} defined rows");
                }

                if (levels is not null)
                {
                    Spread(values.AsSpan(0, rowCount), levels.AsSpan(0, rowCount), defined, maxLevel);
                }

                return new Utf8Chunk(values, levels, maxLevel);
            }
            catch
            {
                Return(values, levels);
                throw;
            }
        }

        public override void AppendTo(ColumnBuilder target, int start, int count)
        {
            var values = _values.AsSpan(start, count);
            if (_levels is null)
            {
                foreach (var value in values)
                {
                    Append(target, value.Span);
                }

                return;
            }

            var levels = _levels.AsSpan(start, count);
            for (var i = 0; i < values.Length; i++)
            {
                if (levels[i] == _maxLevel)
                {
                    Append(target, values[i].Span);
                }
                else
                {
                    target.AppendNull();
                }
            }
        }

        /// <summary>
        /// The rows as one <see cref="StringArray"/> written in bulk: the offsets, the values' bytes one after the other and the
        /// validity bits, each into a scratch buffer reused by the chunk's batches, then copied once into the array's own
        /// buffers. The bytes are checked as UTF-8 once for the whole batch: valid as a whole and no value starting with a
        /// continuation byte means that every value is valid on its own (each starts at a character and the next starts
        /// where it ends). A batch with an invalid value is built value by value instead (<see cref="AppendTo"/>), which
        /// replaces the bad sequences.
        /// </summary>
        public override IArrowArray Build(ColumnType type, int start, int count)
        {
            var values = _values.AsSpan(start, count);
            var levels = _levels is null ? default : _levels.AsSpan(start, count);
            long length = 0;
            var nulls = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (levels.IsEmpty || levels[i] == _maxLevel)
                {
                    length += values[i].Length;
                }
                else
                {
                    nulls++;
                }
            }

            if (length > System.Array.MaxLength)
            {
                return base.Build(type, start, count);
            }

            var offsets = _offsets.Clear().Resize(count + 1).Span;
            var bytes = _bytes.Clear().Resize((int)length).Span;
            var validity = nulls == 0 ? default : _validity.Clear().Resize((count + 7) / 8).Span;
            validity.Clear();
            var position = 0;
            var startsMidCharacter = false;
            for (var i = 0; i < values.Length; i++)
            {
                offsets[i] = position;
                if (levels.IsEmpty || levels[i] == _maxLevel)
                {
                    var value = values[i].Span;
                    if (!value.IsEmpty)
                    {
                        startsMidCharacter |= (value[0] & 0xC0) == 0x80;
                        value.CopyTo(bytes[position..]);
                        position += value.Length;
                    }

                    if (nulls > 0)
                    {
                        validity[i >> 3] |= (byte)(1 << (i & 7));
                    }
                }
            }

            offsets[count] = position;
            if (startsMidCharacter || !Utf8.IsValid(bytes))
            {
                return base.Build(type, start, count);
            }

            var allocator = BatchMemory.Shared;
            return new StringArray(
                count, _offsets.Build(allocator), _bytes.Build(allocator), nulls == 0 ? ArrowBuffer.Empty : _validity.Build(allocator), nulls, 0);
        }

        public override void Dispose() => Return(_values, _levels);

        private static void Append(ColumnBuilder target, ReadOnlySpan<byte> value)
        {
            if (Utf8.IsValid(value))
            {
                target.AppendUtf8(value);
            }
            else
            {
                target.AppendString(Encoding.UTF8.GetString(value));
            }
        }

        /// <summary>
        /// The same column as <paramref name="field"/> (same path, same nullability, flat), typed as raw bytes, attached to a
        /// schema of its own as Parquet.Net requires; it is only used to read the column's values.
        /// </summary>
        private static DataField BytesField(DataField field)
        {
            var bytes = new DataField(field.Name, typeof(ReadOnlyMemory<byte>), isNullable: field.IsNullable, isArray: false);
            _ = new ParquetSchema(bytes);
            return bytes;
        }

        /// <summary>The rows whose level says defined; any level other than null (0) or defined is corrupt, as is a row without one.</summary>
        private static int CountDefined(ReadOnlySpan<int> levels, int maxLevel, DataField field, string path)
        {
            var defined = 0;
            for (var row = 0; row < levels.Length; row++)
            {
                var level = levels[row];
                if (level == maxLevel)
                {
                    defined++;
                }
                else if (level != 0)
                {
                    throw new DataSourceException(level == NoLevel
                        ? $"{path}: corrupt or truncated Parquet file: column '{field.Name}' has no definition level for row {row + 1} of its row group"
                        : $"{path}: corrupt or truncated Parquet file: column '{field.Name}' has definition level {level} (at most {maxLevel})");
                }
            }

            return defined;
        }

        /// <summary>Moves the <paramref name="defined"/> values, packed at the start, to their rows (from the end, in place).</summary>
        private static void Spread(Span<ReadOnlyMemory<byte>> values, ReadOnlySpan<int> levels, int defined, int maxLevel)
        {
            var next = defined - 1;
            for (var row = levels.Length - 1; row > next; row--)
            {
                if (levels[row] == maxLevel)
                {
                    values[row] = values[next--];
                }
            }
        }

        // Cleared so that the pool does not keep the row group's pages alive.
        private static void Return(ReadOnlyMemory<byte>[] values, int[]? levels)
        {
            ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(values, clearArray: true);
            if (levels is not null)
            {
                ArrayPool<int>.Shared.Return(levels);
            }
        }
    }
}
