namespace DataSpace.Connector.Storage;

/// <summary>A group of a new exact release whose row set is too close to one released earlier: for the supplier's records.</summary>
public sealed record RowSetConflict(string GroupLabel, string EarlierJobId, string EarlierGroupLabel);
