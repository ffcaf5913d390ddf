using System.Buffers.Binary;
using System.Security.Cryptography;

namespace DataSpace.Crypto.Log;

/// <summary>
/// <c>synced</c>: how many entries' index and node hashes were last made durable, as
/// <c>[u64 LE size][u64 LE entries-file length][first 16 bytes of SHA-256 of the preceding 16 bytes]</c>.
/// After a power cut the derived files are trusted only up to this mark and rebuilt past it from the entries.
/// </summary>
internal static class SyncMark
{
    private const int Length = 32;

    public static (long Size, long DataLength) Read(string path)
    {
        if (!File.Exists(path))
        {
            return (0, 0);
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Length)
        {
            return (0, 0);
        }

        Span<byte> check = stackalloc byte[32];
        SHA256.HashData(bytes.AsSpan(0, 16), check);
        if (!check[..16].SequenceEqual(bytes.AsSpan(16, 16)))
        {
            return (0, 0);
        }

        var size = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var dataLength = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        return size < 0 || dataLength < 0 ? (0, 0) : (size, dataLength);
    }

    public static void Write(string path, long size, long dataLength)
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, size);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], dataLength);
        Span<byte> check = stackalloc byte[32];
        SHA256.HashData(bytes[..16], check);
        check[..16].CopyTo(bytes[16..]);
        using var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
        RandomAccess.Write(handle, bytes, 0);
        RandomAccess.FlushToDisk(handle);
    }
}
