namespace DataSpace.Connector.Storage;

/// <summary>
/// One log entry as the audit index keeps it for filtering (docs/storage.md, <c>audit_index</c> and
/// <c>audit_index_datasets</c>): its index in the log, its <c>when</c>, the latest <c>when</c> of it and every entry
/// before it (<paramref name="WhenMax"/>, which never goes back), the fields the filters match, and the distinct dataset
/// ids it names (<see cref="Audit.AuditDatasets.Of"/>). The entry itself stays in the log.
/// </summary>
public sealed record AuditIndexRow(
    long Index, DateTimeOffset When, DateTimeOffset WhenMax, string Action, string Actor, string Resource, IReadOnlyList<string> Datasets);
