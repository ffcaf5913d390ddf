namespace DataSpace.Crypto.Log;

/// <summary>Why a log directory failed its check (docs/audit-log.md, "Start-up verification and fsck").</summary>
public enum LogCheckFailure
{
    None,

    /// <summary>The folder is not a log: <c>log.json</c> is missing or unreadable, or names another format or digest.</summary>
    NotALog,

    /// <summary>The <c>checkpoint</c> file does not parse, or is not signed by the connector's key.</summary>
    BadCheckpoint,

    /// <summary>A record's length or 8-byte check does not match its bytes, where it cannot be a torn tail.</summary>
    CorruptEntry,

    /// <summary>A record is intact but its leaf is not the next one: its <c>index</c> or <c>prev</c> is wrong.</summary>
    BrokenChain,

    /// <summary>The file ends before the last entry the signed checkpoint (or the sync mark) vouches for.</summary>
    MissingEntries,

    /// <summary>Every entry chains, but the first entries do not hash to the signed checkpoint's root.</summary>
    RootMismatch,
}
