using System.Buffers;
using System.Security.Cryptography;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Data;

/// <summary>
/// A folder dataset opened by <see cref="DatasetSources.OpenFolder"/>: its layout and one checked handle per file, all
/// read through those handles (hashed, then decoded) until <see cref="OpenSource"/> hands them to the data source.
/// </summary>
internal sealed class DatasetFolder(ParquetFolderLayout layout, IReadOnlyList<DataFile> files) : IDisposable
{
    private const int BufferSize = 1 << 20;

    private bool _handedOver;

    /// <summary>The folder's canonical path.</summary>
    public string Path => layout.Directory;

    public ParquetFolderLayout Layout => layout;

    /// <summary>The files' sizes added up, in bytes, as the open handles see them.</summary>
    public long BytesTotal => files.Sum(Size);

    /// <summary>Each file's size in bytes, as its open handle sees it, in the layout's order.</summary>
    public IEnumerable<long> Sizes => files.Select(Size);

    /// <summary>
    /// Hashes every file through its handle, several at once (as many as there are processors), reporting the bytes hashed
    /// so far to <paramref name="progress"/>: the lines of the folder's digest, in the layout's order.
    /// </summary>
    public IReadOnlyList<PartDigest> Hash(IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var digests = new PartDigest[files.Count];
        var gate = new Lock();
        long done = 0;
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
        {
            using var stream = files[i].OpenRead();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long size = 0;
                int read;
                while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    size += read;
                    if (progress is not null)
                    {
                        lock (gate)
                        {
                            done += read;
                            progress.Report(done);
                        }
                    }
                }

                digests[i] = new PartDigest(layout.Parts[i].RelativePath, size, "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        });
        return digests;
    }

    /// <summary>The folder as one data source, which owns the file handles from here on.</summary>
    /// <exception cref="DataSourceException">A file is corrupt, or the files' schemas differ.</exception>
    public IDataSource OpenSource()
    {
        ObjectDisposedException.ThrowIf(_handedOver, this);
        _handedOver = true;
        return DataSources.OpenParquetFolder(layout, files);
    }

    public void Dispose()
    {
        if (!_handedOver)
        {
            _handedOver = true;
            foreach (var file in files)
            {
                file.Dispose();
            }
        }
    }

    private static long Size(DataFile file)
    {
        using var stream = file.OpenRead();
        return stream.Length;
    }
}
