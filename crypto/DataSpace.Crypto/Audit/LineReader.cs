namespace DataSpace.Crypto.Audit;

/// <summary>Reads newline-terminated lines from a stream without allocating per line.</summary>
internal sealed class LineReader(Stream stream, int maxLineBytes)
{
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>True when the stream ended with bytes after the last newline.</summary>
    public bool UnterminatedTail { get; private set; }

    /// <summary>True when a line exceeded the limit.</summary>
    public bool LineTooLong { get; private set; }

    /// <summary>The next line without its newline; valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                return true;
            }

            if (_eof)
            {
                UnterminatedTail = _end > _start;
                line = default;
                return false;
            }

            if (_end - _start > maxLineBytes)
            {
                LineTooLong = true;
                line = default;
                return false;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
