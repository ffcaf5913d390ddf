namespace DataSpace.Crypto.Log;

/// <summary>
/// The log failed its check when opened (<see cref="LogCheck"/>): an acknowledged entry is damaged or missing, the
/// chain is broken, or the entries do not hash to the signed checkpoint. Nothing was changed; <see cref="Result"/> names
/// the entry. The log is not opened: appending to it would sign checkpoints over damaged history.
/// </summary>
public sealed class LogCorruptException : IOException
{
    public LogCorruptException(LogCheckResult result)
        : base(result?.Detail)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
    }

    public LogCheckResult Result { get; }
}
