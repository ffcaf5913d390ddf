namespace DataSpace.Crypto.Log;

/// <summary>
/// An append failed because the log could not write (a full disk, an I/O error) or is refusing appends until it can
/// again (<see cref="ITransparencyLog.Fault"/>). The entry was not acknowledged.
/// </summary>
public sealed class LogUnavailableException : IOException
{
    public LogUnavailableException(string message, bool notAppended, Exception? innerException = null)
        : base(message, innerException)
    {
        NotAppended = notAppended;
    }

    /// <summary>
    /// True when the entry is certainly not in the log, now or after a restart: it was refused before being written,
    /// or the log cut its batch back (durably) before reporting the failure. False when that is unknown.
    /// </summary>
    public bool NotAppended { get; }
}
