using System.Buffers;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The body of a request whose signature verified over its header fields (docs/http-signatures.md, "Verifying before
/// the body"), read once from the server's body stream: at most a limit of bytes, each piece hashed against the signed
/// <c>Content-Digest</c> as it arrives, kept in pooled segments charged to the server's <see cref="ContentBudget"/>.
/// Reading stops at the first byte beyond the limit or the budget, so a body is never held whole before it is known to
/// fit. <see cref="OpenRead"/> gives the bytes to whoever handles the request next; <see cref="Dispose"/> returns the
/// segments. Both servers (gateway and connector) read bodies through it; it knows streams, not HTTP libraries.
/// </summary>
public sealed class SignedContent : IDisposable
{
    /// <summary>The size of a pooled segment, and the unit charged to the budget.</summary>
    public const int SegmentBytes = 32 * 1024;

    private readonly List<byte[]> _segments;
    private readonly ContentBudget? _budget;
    private bool _disposed;

    private SignedContent(List<byte[]> segments, long length, ContentBudget? budget, SignedContentFailure failure)
    {
        _segments = segments;
        _budget = budget;
        Length = length;
        Failure = failure;
    }

    /// <summary>The bytes read (when <see cref="Failure"/> is set, those read before it).</summary>
    public long Length { get; }

    /// <summary>Why reading stopped early; <see cref="SignedContentFailure.None"/> when the whole body was read.</summary>
    public SignedContentFailure Failure { get; }

    /// <summary>
    /// Reads <paramref name="body"/> to its end, or until it passes <paramref name="limit"/> bytes or the budget is
    /// spent, feeding <paramref name="digest"/> as it goes. On a failure the segments are already returned. Exceptions
    /// of the body stream (a client that went away, a server limit) pass through, with the segments returned.
    /// </summary>
    public static async Task<SignedContent> ReadAsync(
        Stream body, long limit, ContentDigestVerifier? digest, ContentBudget? budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var segments = new List<byte[]>();
        var content = new SignedContent(segments, 0, budget, SignedContentFailure.None);
        long length = 0;
        var offset = SegmentBytes;
        try
        {
            while (true)
            {
                if (offset == SegmentBytes)
                {
                    if (budget is not null && !budget.TryTake(SegmentBytes))
                    {
                        content.Dispose();
                        return new SignedContent([], length, null, SignedContentFailure.OverBudget);
                    }

                    segments.Add((budget?.Segments ?? ArrayPool<byte>.Shared).Rent(SegmentBytes));
                    offset = 0;
                }

                var segment = segments[^1];
                var read = await body.ReadAsync(segment.AsMemory(offset, SegmentBytes - offset), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new SignedContent(segments, length, budget, SignedContentFailure.None);
                }

                if (length + read > limit)
                {
                    content.Dispose();
                    return new SignedContent([], limit + 1, null, SignedContentFailure.TooLarge);
                }

                digest?.Append(segment.AsSpan(offset, read));
                offset += read;
                length += read;
            }
        }
        catch
        {
            content.Dispose();
            throw;
        }
    }

    /// <summary>A read-only, seekable stream over the bytes read; valid until this is disposed.</summary>
    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SegmentStream(this);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var pool = _budget?.Segments ?? ArrayPool<byte>.Shared;
        foreach (var segment in _segments)
        {
            pool.Return(segment);
        }

        _budget?.Return((long)_segments.Count * SegmentBytes);
        _segments.Clear();
    }

    /// <summary>Reads the segments in order; the last holds <c>Length % SegmentBytes</c> bytes (or a whole segment).</summary>
    private sealed class SegmentStream(SignedContent content) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position
        {
            get => _position;
            set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            ObjectDisposedException.ThrowIf(content._disposed, content);
            var copied = 0;
            while (copied < buffer.Length && _position < content.Length)
            {
                var segment = content._segments[(int)(_position / SegmentBytes)];
                var at = (int)(_position % SegmentBytes);
                var count = (int)Math.Min(Math.Min(SegmentBytes - at, content.Length - _position), buffer.Length - copied);
                segment.AsSpan(at, count).CopyTo(buffer[copied..]);
                copied += count;
                _position += count;
            }

            return copied;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(destination);
            while (_position < content.Length)
            {
                var segment = content._segments[(int)(_position / SegmentBytes)];
                var at = (int)(_position % SegmentBytes);
                var count = (int)Math.Min(SegmentBytes - at, content.Length - _position);
                await destination.WriteAsync(segment.AsMemory(at, count), cancellationToken).ConfigureAwait(false);
                _position += count;
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => content.Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
