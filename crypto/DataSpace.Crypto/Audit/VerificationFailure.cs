namespace DataSpace.Crypto.Audit;

/// <summary>Why a verification failed.</summary>
public enum VerificationFailure
{
    None,

    /// <summary>A file of the export is missing or unreadable.</summary>
    Unreadable,

    /// <summary>The checkpoint is malformed, for another origin, or not signed by the key.</summary>
    BadCheckpoint,

    /// <summary>An entry line is not a well-formed canonical leaf.</summary>
    MalformedEntry,

    /// <summary>An entry stands at the wrong position: one was removed, duplicated or moved.</summary>
    EntryOutOfOrder,

    /// <summary>An entry's hash differs from the one the next entry chains to: it was altered.</summary>
    EntryAltered,

    /// <summary>The export holds fewer or more entries than the checkpoint's size.</summary>
    SizeMismatch,

    /// <summary>The entries do not hash to the checkpoint's root.</summary>
    RootMismatch,

    /// <summary>The log is not an extension of the checkpoint seen before: history was rewritten or a fork is shown.</summary>
    Inconsistent,

    /// <summary>The auditor's state file is corrupt or belongs to another log.</summary>
    BadState,
}
