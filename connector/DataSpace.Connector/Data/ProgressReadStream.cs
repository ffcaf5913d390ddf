namespace DataSpace.Connector.Data;

/// <summary>
/// A read-only pass-through stream that reports the bytes read so far to <paramref name="progress"/> after each read: how
/// an asynchronous dataset registration shows how far its hashing has come (docs/connector-service.md, "Registering with
/// progress"). Disposing it disposes the inner stream.
/// </summary>
internal sealed class ProgressReadStream(Stream inner, IProgress<long> progress) : Stream
{
    private long _read;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException("a progress stream is read from start to end");
    }

    public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Report(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Report(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a progress stream is read from start to end");

    public override void SetLength(long value) => throw new NotSupportedException("a progress stream is read only");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a progress stream is read only");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Report(int read)
    {
        if (read > 0)
        {
            _read += read;
            progress.Report(_read);
        }

        return read;
    }
}
