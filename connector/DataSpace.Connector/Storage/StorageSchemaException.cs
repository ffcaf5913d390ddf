namespace DataSpace.Connector.Storage;

/// <summary>The database's schema cannot be used by this build: it is newer than the migrations this code knows.</summary>
public sealed class StorageSchemaException : Exception
{
    public StorageSchemaException()
    {
    }

    public StorageSchemaException(string message)
        : base(message)
    {
    }

    public StorageSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
