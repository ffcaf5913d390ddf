using System.Buffers;
using System.Security.Cryptography;
using DataSpace.Sandbox.Data;

namespace DataSpace.Cli.Datasets;

/// <summary>The digest the connector records for a dataset file (<c>sha256:</c> and lowercase hex), computed locally.</summary>
internal static class FileDigest
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// The digest of a folder of Parquet files (<see cref="FolderDigest"/>): each file of <paramref name="layout"/> hashed,
    /// the bytes read so far over all files reported to <paramref name="progress"/>.
    /// </summary>
    public static async Task<string> FolderSha256Async(ParquetFolderLayout layout, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var parts = new List<PartDigest>(layout.Parts.Count);
        long before = 0;
        foreach (var part in layout.Parts)
        {
            var offset = before;
            var digest = await Sha256Async(part.Path, progress is null ? null : new Progress<long>(read => progress.Report(offset + read)), cancellationToken);
            var size = new FileInfo(part.Path).Length;
            parts.Add(new PartDigest(part.RelativePath, size, digest));
            before += size;
        }

        return FolderDigest.Of(parts);
    }

    /// <summary>Hashes <paramref name="path"/>, reporting the bytes read so far to <paramref name="progress"/>.</summary>
    public static async Task<string> Sha256Async(string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long done = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                done += read;
                progress?.Report(done);
            }

            return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
