using PageEncoding = Parquet.Meta.Encoding;
using Snappier;

namespace DataSpace.Sandbox.Tests.Data;

/// <summary>Parquet pages written byte by byte (Thrift compact headers, levels), so that every length, level and size can be made to lie.</summary>
internal static class ParquetPageBytes
{
    /// <summary>A v1 data page: its Thrift compact header (type, sizes, then a DataPageHeader: the encoding, levels RLE), then <paramref name="body"/>.</summary>
    public static byte[] Page(int rows, byte[] body, int? uncompressed = null, PageEncoding encoding = PageEncoding.PLAIN) =>
    [
        0x15, .. Varint(0), 0x15, .. Varint(uncompressed ?? body.Length), 0x15, .. Varint(body.Length),
        0x2C, 0x15, .. Varint(rows), 0x15, .. Varint((int)encoding), 0x15, .. Varint(3), 0x15, .. Varint(3), 0x00,
        0x00, .. body,
    ];

    public static byte[] SnappyPage(int rows, byte[] body, PageEncoding encoding = PageEncoding.PLAIN) =>
        Page(rows, Snappy.CompressToArray(body), body.Length, encoding);

    /// <summary>Definition levels: their 4-byte length, then the given RLE / bit-packed hybrid bytes.</summary>
    public static byte[] Levels(params byte[] runs) => [.. BitConverter.GetBytes(runs.Length), .. runs];

    public static byte[] Varint(int value)
    {
        var zigzag = (uint)((value << 1) ^ (value >> 31));
        var bytes = new List<byte>();
        while (zigzag >= 0x80)
        {
            bytes.Add((byte)(zigzag | 0x80));
            zigzag >>= 7;
        }

        bytes.Add((byte)zigzag);
        return [.. bytes];
    }
}
