using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// One column of one Parquet row group, read into a pooled buffer of exactly the row group's length;
/// batches are cut from it with <see cref="Build"/>. Dispose returns the buffer to the pool.
/// </summary>
internal abstract partial class ParquetColumnChunk : IDisposable
{
    public abstract void AppendTo(ColumnBuilder target, int start, int count);

    /// <summary>The rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as one array of <paramref name="type"/>.</summary>
    public virtual IArrowArray Build(ColumnType type, int start, int count)
    {
        var builder = new ColumnBuilder(type, count);
        AppendTo(builder, start, count);
        return builder.Build();
    }

    public abstract void Dispose();

    /// <summary>
    /// The validity bits of rows whose definition levels are <paramref name="defined"/> (1 with a value, 0 for a null), in
    /// pooled memory (<see cref="BatchMemory.Take"/>); the empty buffer when no row is null.
    /// </summary>
    protected static ArrowBuffer Validity(ReadOnlySpan<byte> defined, out int nulls)
    {
        nulls = defined.Count((byte)0);
        if (nulls == 0)
        {
            return ArrowBuffer.Empty;
        }

        var buffer = BatchMemory.Take((defined.Length + 7) / 8, out var bits);
        bits.Clear();
        for (var i = 0; i < defined.Length; i++)
        {
            bits[i >> 3] |= (byte)(defined[i] << (i & 7));
        }

        return buffer;
    }

    /// <summary>Reads <paramref name="field"/> of the row group; values are converted to the column type on append.</summary>
    /// <remarks>
    /// A string column is decoded from its pages by <see cref="ParquetPlainStrings"/> when it has their commonest layout,
    /// read through <paramref name="file"/>; otherwise by Parquet.Net (<see cref="Utf8Chunk"/>).
    /// </remarks>
    public static ParquetColumnChunk Read(
        ParquetRowGroupReader rowGroup, DataField field, int rowCount, DataFile file, string path, long firstRow, CancellationToken cancellationToken)
    {
        var clrType = field.ClrType;
        if (clrType == typeof(ReadOnlyMemory<char>) || clrType == typeof(string))
        {
            if (field.MaxRepetitionLevel == 0)
            {
                using var stream = file.OpenRead();
                if (ParquetPlainStrings.TryDecode(
                    stream, rowGroup.GetMetadata(field), field.MaxDefinitionLevel, rowCount, path, field.Name, cancellationToken) is { } strings)
                {
                    return new PlainUtf8Chunk(strings);
                }
            }

            return Utf8Chunk.Read(rowGroup, field, rowCount, path, cancellationToken);
        }

        return clrType switch
        {
            _ when clrType == typeof(sbyte) => ValueChunk<sbyte>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(byte) => ValueChunk<byte>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(short) => ValueChunk<short>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(ushort) => ValueChunk<ushort>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(int) => ValueChunk<int>.Read(
                rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken, file, Parquet.Meta.Type.INT32, path),
            _ when clrType == typeof(uint) => ValueChunk<uint>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt64(v), cancellationToken),
            _ when clrType == typeof(long) => ValueChunk<long>.Read(
                rowGroup, field, rowCount, static (b, v) => b.AppendInt64(v), cancellationToken, file, Parquet.Meta.Type.INT64, path),
            _ when clrType == typeof(ulong) => ReadUInt64(rowGroup, field, rowCount, path, firstRow, cancellationToken),
            _ when clrType == typeof(float) => ValueChunk<float>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendDouble(v), cancellationToken),
            _ when clrType == typeof(double) => ValueChunk<double>.Read(
                rowGroup, field, rowCount, static (b, v) => b.AppendDouble(v), cancellationToken, file, Parquet.Meta.Type.DOUBLE, path),
            _ when clrType == typeof(decimal) => ValueChunk<decimal>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendDouble((double)v), cancellationToken),
            _ when clrType == typeof(bool) => ValueChunk<bool>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendBoolean(v), cancellationToken),
            _ when clrType == typeof(DateOnly) => ValueChunk<DateOnly>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendDate(v), cancellationToken),
            _ when clrType == typeof(DateTime) => ValueChunk<DateTime>.Read(
                rowGroup, field, rowCount, static (b, v) => b.AppendInt64(TimeConversions.ToUnixMicroseconds(v)), cancellationToken),
            _ => throw new DataSourceException($"{path}: column '{field.Name}' has unsupported Parquet type {clrType.Name}"),
        };
    }

    private static ValueChunk<ulong> ReadUInt64(
        ParquetRowGroupReader rowGroup, DataField field, int rowCount, string path, long firstRow, CancellationToken cancellationToken)
    {
        var chunk = ValueChunk<ulong>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt64((long)v), cancellationToken);
        var row = chunk.IndexOf(static v => v > long.MaxValue);
        if (row >= 0)
        {
            chunk.Dispose();
            throw new DataSourceException($"{path}: column '{field.Name}', row {firstRow + row + 1}: uint64 value does not fit in int64");
        }

        return chunk;
    }

    /// <summary>
    /// A number, boolean or date column: a column without definition levels (required) in a pooled <c>T[]</c>, one with
    /// them (optional) in a pooled <c>T?[]</c>. Parquet.Net 6.1.0's <c>ReadAsync&lt;T&gt;(DataField, Memory&lt;T?&gt;)</c>
    /// must never see a required column: it rents the definition levels from the shared pool uncleared, reads none for a
    /// column that has none, and still takes a level below zero for a null, so stale negative numbers in a pooled
    /// <c>int[]</c> turned values into nulls and shifted the rest (tests/DataSpace.Sandbox.Tests/Data/ParquetRequiredColumnTests.cs).
    /// </summary>
    private sealed class ValueChunk<T> : ParquetColumnChunk
        where T : struct
    {
        /// <summary>The values of a required column, or of an optional one decoded from its pages (then with <see cref="_defined"/>).</summary>
        private readonly T[]? _required;
        private readonly T?[]? _optional;

        /// <summary>With <see cref="_required"/>: 1 for a row with a value, 0 for a null (whose value is the default).</summary>
        private readonly byte[]? _defined;
        private readonly int _length;
        private readonly Action<ColumnBuilder, T> _append;

        private ValueChunk(T[]? required, T?[]? optional, int length, Action<ColumnBuilder, T> append, byte[]? defined = null)
        {
            _required = required;
            _optional = optional;
            _defined = defined;
            _length = length;
            _append = append;
        }

        /// <summary>
        /// Reads the chunk; an int32, int64 or double column (<paramref name="physical"/> given) of the commonest layout is
        /// decoded from its pages through <paramref name="file"/> (<see cref="ParquetPlainValues"/>), any other by Parquet.Net.
        /// </summary>
        public static ValueChunk<T> Read(
            ParquetRowGroupReader rowGroup, DataField field, int rowCount, Action<ColumnBuilder, T> append, CancellationToken cancellationToken,
            DataFile? file = null, Parquet.Meta.Type? physical = null, string? path = null)
        {
            if (file is not null && physical is { } type && field.MaxRepetitionLevel == 0 && typeof(T) is var t
                && (t == typeof(int) || t == typeof(long) || t == typeof(double)))
            {
                using var stream = file.OpenRead();
                if (ParquetPlainValues.TryRead<T>(stream, rowGroup.GetMetadata(field), type, field.MaxDefinitionLevel, rowCount, path ?? file.Path,
                    field.Name, out var values, out var defined, cancellationToken))
                {
                    return new ValueChunk<T>(values, null, rowCount, append, defined);
                }
            }

            if (field.MaxDefinitionLevel == 0)
            {
                var required = ArrayPool<T>.Shared.Rent(rowCount);
                try
                {
                    rowGroup.ReadAsync<T>(field, required.AsMemory(0, rowCount), null, cancellationToken).AsTask().GetAwaiter().GetResult();
                    return new ValueChunk<T>(required, null, rowCount, append);
                }
                catch
                {
                    ArrayPool<T>.Shared.Return(required);
                    throw;
                }
            }

            var optional = ArrayPool<T?>.Shared.Rent(rowCount);
            try
            {
                rowGroup.ReadAsync<T>(field, optional.AsMemory(0, rowCount), null, cancellationToken).AsTask().GetAwaiter().GetResult();
                return new ValueChunk<T>(null, optional, rowCount, append);
            }
            catch
            {
                ArrayPool<T?>.Shared.Return(optional);
                throw;
            }
        }

        /// <summary>The first row (from 0) whose value matches <paramref name="predicate"/>; nulls never do; -1 if none.</summary>
        public int IndexOf(Func<T, bool> predicate)
        {
            for (var i = 0; i < _length; i++)
            {
                if (_required is not null ? (_defined is null || _defined[i] != 0) && predicate(_required[i]) : _optional![i] is { } v && predicate(v))
                {
                    return i;
                }
            }

            return -1;
        }

        public override void AppendTo(ColumnBuilder target, int start, int count)
        {
            if (_required is not null)
            {
                for (var i = start; i < start + count; i++)
                {
                    if (_defined is null || _defined[i] != 0)
                    {
                        _append(target, _required[i]);
                    }
                    else
                    {
                        target.AppendNull();
                    }
                }

                return;
            }

            foreach (var value in _optional.AsSpan(start, count))
            {
                if (value is { } v)
                {
                    _append(target, v);
                }
                else
                {
                    target.AppendNull();
                }
            }
        }

        /// <summary>
        /// An int32, int64 or double column whose type is already the array's is written in bulk, straight into pooled
        /// memory (<see cref="BatchMemory.Take"/>): a required one with one copy, an optional one value by value with its
        /// validity bits. Any other column is built value by value through its conversion.
        /// </summary>
        public override IArrowArray Build(ColumnType type, int start, int count)
        {
            if (ArrowType(type) is not { } arrowType)
            {
                return base.Build(type, start, count);
            }

            var valueBuffer = BatchMemory.Take(count * Unsafe.SizeOf<T>(), out var valueBytes);
            var values = MemoryMarshal.Cast<byte, T>(valueBytes);
            var nulls = 0;
            var validity = ArrowBuffer.Empty;
            if (_required is not null)
            {
                _required.AsSpan(start, count).CopyTo(values);
                if (_defined is not null)
                {
                    validity = Validity(_defined.AsSpan(start, count), out nulls);
                }
            }
            else
            {
                var optional = _optional.AsSpan(start, count);
                var buffer = BatchMemory.Take((count + 7) / 8, out var bits);
                bits.Clear();
                for (var i = 0; i < optional.Length; i++)
                {
                    if (optional[i] is { } value)
                    {
                        values[i] = value;
                        bits[i >> 3] |= (byte)(1 << (i & 7));
                    }
                    else
                    {
                        values[i] = default;
                        nulls++;
                    }
                }

                validity = nulls == 0 ? ArrowBuffer.Empty : buffer;
            }

            return ArrowArrayFactory.BuildArray(new ArrayData(arrowType, count, nulls, 0, [validity, valueBuffer]));
        }

        private static IArrowType? ArrowType(ColumnType type) => type switch
        {
            ColumnType.Int32 when typeof(T) == typeof(int) => Int32Type.Default,
            ColumnType.Int64 when typeof(T) == typeof(long) => Int64Type.Default,
            ColumnType.Float64 when typeof(T) == typeof(double) => DoubleType.Default,
            _ => null,
        };

        public override void Dispose()
        {
            if (_required is not null)
            {
                ArrayPool<T>.Shared.Return(_required);
                if (_defined is not null)
                {
                    ArrayPool<byte>.Shared.Return(_defined);
                }
            }
            else
            {
                ArrayPool<T?>.Shared.Return(_optional!);
            }
        }
    }
}
