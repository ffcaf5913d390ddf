namespace DataSpace.Sandbox.Data;

/// <summary>The dataset file formats the sandbox reads (docs/sandbox-data.md).</summary>
public enum DataFormat
{
    /// <summary>RFC 4180 comma-separated values, UTF-8, header row required.</summary>
    Csv,

    /// <summary>Apache Parquet, read row group by row group.</summary>
    Parquet,

    /// <summary>Arrow IPC, either the file format ("ARROW1" magic) or the stream format.</summary>
    ArrowIpc,
}
