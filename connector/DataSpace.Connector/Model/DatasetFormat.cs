namespace DataSpace.Connector.Model;

/// <summary>How a registered dataset is held.</summary>
public enum DatasetFormat
{
    Csv,
    Parquet,
    ArrowIpc,
    PostgresTable,
}
