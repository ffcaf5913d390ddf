namespace DataSpace.Sandbox.Data;

/// <summary>A dataset file could not be read: the message names the file and, where known, the column and row.</summary>
public sealed class DataSourceException : Exception
{
    public DataSourceException()
    {
    }

    public DataSourceException(string message)
        : base(message)
    {
    }

    public DataSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
