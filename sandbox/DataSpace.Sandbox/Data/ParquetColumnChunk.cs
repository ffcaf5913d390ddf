using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// One column of one Parquet row group, read into a pooled buffer of exactly the row group's length;
/// batches are cut from it with <see cref="AppendTo"/>. Dispose returns the buffer to the pool.
/// </summary>
internal abstract partial class ParquetColumnChunk : IDisposable
{
    public abstract void AppendTo(ColumnBuilder target, int start, int count);

    public abstract void Dispose();

    /// <summary>Reads <paramref name="field"/> of the row group; values are converted to the column type on append.</summary>
    public static ParquetColumnChunk Read(
        ParquetRowGroupReader rowGroup, DataField field, int rowCount, string path, long firstRow, CancellationToken cancellationToken)
    {
        var clrType = field.ClrType;
        if (clrType == typeof(ReadOnlyMemory<char>) || clrType == typeof(string))
        {
            return Utf8Chunk.Read(rowGroup, field, rowCount, path, cancellationToken);
        }

        return clrType switch
        {
            _ when clrType == typeof(sbyte) => ValueChunk<sbyte>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(byte) => ValueChunk<byte>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(short) => ValueChunk<short>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(ushort) => ValueChunk<ushort>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(int) => ValueChunk<int>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt32(v), cancellationToken),
            _ when clrType == typeof(uint) => ValueChunk<uint>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt64(v), cancellationToken),
            _ when clrType == typeof(long) => ValueChunk<long>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendInt64(v), cancellationToken),
            _ when clrType == typeof(ulong) => ReadUInt64(rowGroup, field, rowCount, path, firstRow, cancellationToken),
            _ when clrType == typeof(float) => ValueChunk<float>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendDouble(v), cancellationToken),
            _ when clrType == typeof(double) => ValueChunk<double>.Read(rowGroup, field, rowCount, static (b, v) => b.AppendDouble(v), cancellationToken),
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
        private readonly T[]? _required;
        private readonly T?[]? _optional;
        private readonly int _length;
        private readonly Action<ColumnBuilder, T> _append;

        private ValueChunk(T[]? required, T?[]? optional, int length, Action<ColumnBuilder, T> append)
        {
            _required = required;
            _optional = optional;
            _length = length;
            _append = append;
        }

        public static ValueChunk<T> Read(
            ParquetRowGroupReader rowGroup, DataField field, int rowCount, Action<ColumnBuilder, T> append, CancellationToken cancellationToken)
        {
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
                if (_required is not null ? predicate(_required[i]) : _optional![i] is { } v && predicate(v))
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
                foreach (var value in _required.AsSpan(start, count))
                {
                    _append(target, value);
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

        public override void Dispose()
        {
            if (_required is not null)
            {
                ArrayPool<T>.Shared.Return(_required);
            }
            else
            {
                ArrayPool<T?>.Shared.Return(_optional!);
            }
        }
    }
}
