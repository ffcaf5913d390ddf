namespace DataSpace.Connector.Data;

/// <summary>
/// A registered dataset is no longer what was registered: a file of its folder added, removed or changed since
/// (docs/sandbox-data.md, "Partitioned Parquet folders"). The job that would read it fails with this message, which
/// names the file by its path inside the folder, never the connector's own paths.
/// </summary>
public sealed class DatasetChangedException : Exception
{
    public DatasetChangedException()
    {
    }

    public DatasetChangedException(string message)
        : base(message)
    {
    }

    public DatasetChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
