using System.Buffers.Binary;
using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Abi;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>The exact bytes a job finds in its linear memory for each column type (docs/sandbox-abi.md §3).</summary>
public sealed class ColumnCopierTests
{
    private static byte[] Copy(IArrowArray array, ColumnType type)
    {
        var bytes = new byte[ColumnCopier.SizeOf(array, type) + 3];
        bytes.AsSpan().Fill(0xAB);
        ColumnCopier.Copy(array, type, bytes);
        Assert.Equal([0xAB, 0xAB, 0xAB], bytes[^3..]);
        return bytes[..^3];
    }

    [Fact]
    public void Int32_values_are_little_endian_and_nulls_read_as_zero()
    {
        var array = new Int32Array.Builder().Append(-2).AppendNull().Append(70_000).Build();
        Assert.Equal([0xFE, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0x70, 0x11, 0x01, 0x00], Copy(array, ColumnType.Int32));
    }

    [Fact]
    public void Int64_and_float64_values_are_eight_bytes_each()
    {
        var longs = Copy(new Int64Array.Builder().Append(long.MinValue).AppendNull().Append(5).Build(), ColumnType.Int64);
        Assert.Equal(long.MinValue, BinaryPrimitives.ReadInt64LittleEndian(longs));
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(longs.AsSpan(8)));
        Assert.Equal(5, BinaryPrimitives.ReadInt64LittleEndian(longs.AsSpan(16)));

        var doubles = Copy(new DoubleArray.Builder().Append(-0.5).AppendNull().Append(double.NaN).Build(), ColumnType.Float64);
        Assert.Equal(-0.5, BinaryPrimitives.ReadDoubleLittleEndian(doubles));
        Assert.Equal(0.0, BinaryPrimitives.ReadDoubleLittleEndian(doubles.AsSpan(8)));
        Assert.True(double.IsNaN(BinaryPrimitives.ReadDoubleLittleEndian(doubles.AsSpan(16))));
    }

    [Fact]
    public void Booleans_are_one_byte_per_row()
    {
        var array = new BooleanArray.Builder().Append(true).Append(false).AppendNull().Append(true).Append(true)
            .Append(false).Append(true).Append(true).Append(true).Build();
        Assert.Equal([1, 0, 0, 1, 1, 0, 1, 1, 1], Copy(array, ColumnType.Boolean));
    }

    [Fact]
    public void Dates_are_days_since_the_epoch()
    {
        var array = new Date32Array.Builder().Append(new DateOnly(1970, 1, 2)).Append(new DateOnly(1969, 12, 31)).Build();
        Assert.Equal([1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], Copy(array, ColumnType.Date));
    }

    [Fact]
    public void Strings_are_offsets_then_bytes_with_nulls_empty()
    {
        var array = new StringArray.Builder().Append("ab").AppendNull().Append("ü").Append("").Build();
        var bytes = Copy(array, ColumnType.String);
        var offsets = Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4))).ToArray();
        Assert.Equal([0, 2, 2, 4, 4], offsets);
        Assert.Equal("abü", Encoding.UTF8.GetString(bytes.AsSpan(20)));
    }

    [Fact]
    public void Slices_with_an_offset_are_rebased()
    {
        var strings = new StringArray.Builder().Append("skip").Append("xy").Append("z").Build();
        var slice = (StringArray)ArrowArrayFactory.Slice(strings, 1, 2);
        var bytes = Copy(slice, ColumnType.String);
        Assert.Equal([0, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, (byte)'x', (byte)'y', (byte)'z'], bytes);

        var ints = (Int32Array)ArrowArrayFactory.Slice(new Int32Array.Builder().Append(1).AppendNull().Append(3).Build(), 1, 2);
        Assert.Equal([0, 0, 0, 0, 3, 0, 0, 0], Copy(ints, ColumnType.Int32));
    }

    [Fact]
    public void Validity_is_an_lsb_first_bitmap_even_for_sliced_arrays()
    {
        var builder = new Int32Array.Builder();
        for (var i = 0; i < 20; i++)
        {
            if (i % 3 == 0)
            {
                builder.AppendNull();
            }
            else
            {
                builder.Append(i);
            }
        }

        var whole = builder.Build();
        var bitmap = new byte[3];
        ColumnCopier.CopyValidity(whole, bitmap);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i % 3 != 0, (bitmap[i / 8] & (1 << (i % 8))) != 0);
        }

        Assert.Equal(0, bitmap[2] >> 4);

        var slice = ArrowArrayFactory.Slice(whole, 5, 10);
        var sliced = new byte[2];
        ColumnCopier.CopyValidity(slice, sliced);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal((i + 5) % 3 != 0, (sliced[i / 8] & (1 << (i % 8))) != 0);
        }

        Assert.Equal(0, sliced[1] >> 2);

        var full = new byte[1];
        ColumnCopier.CopyValidity(new Int32Array.Builder().Append(1).Append(2).Append(3).Build(), full);
        Assert.Equal(0b111, full[0]);
    }
}
