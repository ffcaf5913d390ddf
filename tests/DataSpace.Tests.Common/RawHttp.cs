using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataSpace.Tests.Common;

/// <summary>
/// HTTP/1.x over a bare TCP socket, for what <see cref="HttpClient"/> will not send: a request without <c>Host</c>, an
/// HTTP/1.0 request, a body announced but never sent (so that only a server that answers before reading it answers at
/// all), or sent from another loopback address. The request head is written as given (lines ending in CRLF, a blank
/// line last); then up to <c>bodyBytes</c> bytes of body while the server has not answered.
/// </summary>
public static class RawHttp
{
    private const int MaxResponseBytes = 1024 * 1024;

    /// <summary>
    /// Sends <paramref name="head"/> to <paramref name="server"/>, then <paramref name="bodyBytes"/> bytes ('x') unless
    /// the server answers or closes first, and reads the answer (to its end, or until the connection closes).
    /// <paramref name="from"/> binds the local end (another loopback address, say 127.0.0.2); with
    /// <paramref name="chunked"/> the body goes in 64 KiB chunks (the head says <c>Transfer-Encoding: chunked</c>).
    /// </summary>
    public static async Task<RawHttpResponse> SendAsync(
        Uri server, string head, long bodyBytes = 0, IPAddress? from = null, bool chunked = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(head);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }

        await socket.ConnectAsync(server.Host, server.Port, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
        var reading = ReadResponseAsync(stream, cancellationToken);

        // Writing stops when the answer is in: a server that answers without reading leaves the window full.
        using var answered = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = reading.ContinueWith(
            _ =>
            {
                try
                {
                    answered.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // Already done.
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        const int ChunkBytes = 64 * 1024;
        var prefix = chunked ? Encoding.ASCII.GetBytes($"{ChunkBytes:x}\r\n") : [];
        var frame = new byte[prefix.Length + ChunkBytes + (chunked ? 2 : 0)];
        Array.Fill(frame, (byte)'x');
        prefix.CopyTo(frame, 0);
        if (chunked)
        {
            frame[^2] = (byte)'\r';
            frame[^1] = (byte)'\n';
        }

        long sent = 0;
        try
        {
            while (sent < bodyBytes)
            {
                var count = (int)Math.Min(ChunkBytes, bodyBytes - sent);
                if (chunked && count < ChunkBytes)
                {
                    count = 0; // whole chunks only; the last is the terminator
                }

                if (count > 0)
                {
                    await stream.WriteAsync(chunked ? frame : frame.AsMemory(0, count), answered.Token).ConfigureAwait(false);
                    sent += count;
                }

                if (count < ChunkBytes)
                {
                    break;
                }
            }

            if (chunked)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), answered.Token).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The server answered, or closed the connection, without reading the rest: what a refusal should do.
        }

        var response = await reading.ConfigureAwait(false);
        return response with { BodyBytesSent = sent };
    }

    private static async Task<RawHttpResponse> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (received.Length < MaxResponseBytes)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (received.Length > 0)
            {
                break; // reset after the answer
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            if (RawHttpResponse.TryParse(received.ToArray(), complete: false) is { } done)
            {
                return done;
            }
        }

        return RawHttpResponse.TryParse(received.ToArray(), complete: true)
            ?? throw new IOException($"the server closed the connection without a complete answer ({received.Length} bytes received)");
    }
}

/// <summary>An answer read by <see cref="RawHttp"/>: the status, the head's lines and the body (de-chunked).</summary>
public sealed record RawHttpResponse(int Status, string Head, string Body)
{
    /// <summary>How many bytes of body <see cref="RawHttp.SendAsync"/> wrote before the answer came (or the connection closed).</summary>
    public long BodyBytesSent { get; init; }

    /// <summary>The value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name)
    {
        foreach (var line in Head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    /// <summary>The response in <paramref name="bytes"/> when it is all there (or, with <paramref name="complete"/>, when the connection closed after it).</summary>
    internal static RawHttpResponse? TryParse(byte[] bytes, bool complete)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }

        var head = text[..end];
        var status = int.Parse(head.Split(' ', 3)[1], CultureInfo.InvariantCulture);
        var body = text[(end + 4)..];
        var response = new RawHttpResponse(status, head, body);
        if (response.Header("Content-Length") is { } length)
        {
            var expected = int.Parse(length, CultureInfo.InvariantCulture);
            return Encoding.UTF8.GetByteCount(body) >= expected ? response : complete ? response : null;
        }

        if (response.Header("Transfer-Encoding") is { } coding && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            if (!body.EndsWith("0\r\n\r\n", StringComparison.Ordinal) && !complete)
            {
                return null;
            }

            return response with { Body = Dechunk(body) };
        }

        return complete ? response : null;
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0 || !int.TryParse(body.AsSpan(at, lineEnd - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            at = lineEnd + 2;
            result.Append(body, at, Math.Min(size, body.Length - at));
            at += size + 2;
        }

        return result.ToString();
    }
}
