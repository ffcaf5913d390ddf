using DataSpace.Crypto.Log;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// A write-only stream that cuts what is written into log leaves (one a line, as <see cref="ITransparencyLog.WriteLeaves"/>
/// and a log export's <c>entries.jsonl</c> hold them) and hands each entry's canonical JSON and index to a callback.
/// Lets settlement read a log of millions of entries in one sequential pass with one reused buffer.
/// </summary>
internal sealed class LeafLines(Action<long, ReadOnlyMemory<byte>> onEntry) : Stream
{
    private const int MaxLineBytes = 1 << 20;
    private byte[] _line = new byte[64 * 1024];
    private int _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Feeds every leaf of <paramref name="log"/> below <paramref name="size"/> to <paramref name="onEntry"/>.</summary>
    public static void ReadLog(ITransparencyLog log, long size, Action<long, ReadOnlyMemory<byte>> onEntry) => ReadLog(log, 0, size, onEntry);

    /// <summary>Feeds the leaves of <paramref name="log"/> from <paramref name="start"/> below <paramref name="end"/> to <paramref name="onEntry"/>.</summary>
    public static void ReadLog(ITransparencyLog log, long start, long end, Action<long, ReadOnlyMemory<byte>> onEntry)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var lines = new LeafLines(onEntry);
        if (end > start)
        {
            log.WriteLeaves(start, end - start, lines);
        }

        lines.Finish();
    }

    /// <summary>Feeds every line of <paramref name="entries"/> (a log export's <c>entries.jsonl</c>) to <paramref name="onEntry"/>.</summary>
    public static void ReadExport(Stream entries, Action<long, ReadOnlyMemory<byte>> onEntry)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var lines = new LeafLines(onEntry);
        entries.CopyTo(lines, 1 << 20);
        lines.Finish();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var newline = buffer.IndexOf((byte)'\n');
            var part = newline < 0 ? buffer : buffer[..newline];
            Append(part);
            if (newline < 0)
            {
                return;
            }

            Emit();
            buffer = buffer[(newline + 1)..];
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Finish()
    {
        if (_length > 0)
        {
            throw new InvalidDataException("the last log leaf is not terminated by a newline");
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        if (_length + part.Length > MaxLineBytes)
        {
            throw new InvalidDataException($"a log leaf is longer than {MaxLineBytes} bytes");
        }

        if (_length + part.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Min(MaxLineBytes, Math.Max(_line.Length * 2, _length + part.Length)));
        }

        part.CopyTo(_line.AsSpan(_length));
        _length += part.Length;
    }

    private void Emit()
    {
        var leaf = _line.AsMemory(0, _length);
        if (!LogLeaf.TryParse(leaf.Span, out var parts, out var error))
        {
            throw new InvalidDataException($"a log leaf is malformed: {error}");
        }

        onEntry(parts.Index, leaf[parts.Entry]);
        _length = 0;
    }
}
