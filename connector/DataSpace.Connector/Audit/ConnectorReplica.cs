namespace DataSpace.Connector.Audit;

/// <summary>
/// This connector process among the replicas sharing a database: its id marks the jobs it runs and the operations it
/// has in flight, so that its restart recovers exactly those (docs/storage.md, "Operations").
/// </summary>
/// <param name="Id">The connector's id and the machine's name, <c>&lt;connector id&gt;@&lt;host&gt;</c>.</param>
public sealed record ConnectorReplica(string Id);
