namespace DataSpace.Connector.Storage;

/// <summary>
/// The row set of one group an exact plan release gives out: its label, its row count and its keyed sketch
/// (<see cref="DataSpace.Sandbox.Privacy.RowSetSketch"/>, serialised), for query-set overlap control.
/// </summary>
public sealed record ReleasedRowSet(string GroupLabel, long Rows, byte[] Sketch);
