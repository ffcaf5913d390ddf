namespace DataSpace.Connector.Storage;

/// <summary>The store refused to add a record: its id is taken, or it refers to a record that does not exist. Nothing was changed.</summary>
public sealed class StoreConflictException : Exception
{
    public StoreConflictException()
    {
    }

    public StoreConflictException(string message)
        : base(message)
    {
    }

    public StoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreConflictException(StoreConflictReason reason, string resource, string id, Exception? innerException = null)
        : base(Describe(reason, resource, id), innerException)
    {
        Reason = reason;
        Resource = resource;
        Id = id;
    }

    public StoreConflictReason Reason { get; }

    /// <summary>The kind of record refused: party, dataset, offer, agreement, job or result.</summary>
    public string Resource { get; } = string.Empty;

    public string Id { get; } = string.Empty;

    private static string Describe(StoreConflictReason reason, string resource, string id) => reason switch
    {
        StoreConflictReason.DuplicateId => $"{resource} '{id}' already exists",
        _ => $"{resource} '{id}' refers to a record that does not exist",
    };
}
