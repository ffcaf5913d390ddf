namespace DataSpace.Connector.Storage;

/// <summary>Why the store refused to add a record.</summary>
public enum StoreConflictReason
{
    /// <summary>A record with the same id (or party key id) already exists.</summary>
    DuplicateId,

    /// <summary>The record refers to one that does not exist (a dataset, offer, agreement, party, module or job).</summary>
    MissingReference,
}
