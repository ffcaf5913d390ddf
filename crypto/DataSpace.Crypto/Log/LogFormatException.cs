namespace DataSpace.Crypto.Log;

/// <summary>Bytes that are not a valid log entry; <see cref="Path"/> names the JSON path, <see cref="Reason"/> why.</summary>
public sealed class LogFormatException : FormatException
{
    internal LogFormatException(string path, string reason, Exception? innerException = null)
        : base($"{path}: {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The JSON path of the offending value, for example <c>$.details.reason</c>.</summary>
    public string Path { get; }

    public string Reason { get; }
}
