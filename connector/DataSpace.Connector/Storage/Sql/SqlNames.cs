using DataSpace.Connector.Model;

namespace DataSpace.Connector.Storage.Sql;

/// <summary>The text each enum value is stored as (snake case, checked by the tables' CHECK constraints).</summary>
internal static class SqlNames
{
    public static string Of(PartyRole role) => role switch
    {
        PartyRole.Supplier => "supplier",
        PartyRole.Operator => "operator",
        PartyRole.DataUser => "data_user",
        PartyRole.Auditor => "auditor",
        PartyRole.Federation => "federation",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown party role"),
    };

    public static PartyRole ToPartyRole(string value) => value switch
    {
        "supplier" => PartyRole.Supplier,
        "operator" => PartyRole.Operator,
        "data_user" => PartyRole.DataUser,
        "auditor" => PartyRole.Auditor,
        "federation" => PartyRole.Federation,
        _ => throw new InvalidDataException($"unknown party role '{value}' in the database"),
    };

    public static string Of(DatasetFormat format) => format switch
    {
        DatasetFormat.Csv => "csv",
        DatasetFormat.Parquet => "parquet",
        DatasetFormat.ArrowIpc => "arrow_ipc",
        DatasetFormat.PostgresTable => "postgres_table",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown dataset format"),
    };

    public static DatasetFormat ToDatasetFormat(string value) => value switch
    {
        "csv" => DatasetFormat.Csv,
        "parquet" => DatasetFormat.Parquet,
        "arrow_ipc" => DatasetFormat.ArrowIpc,
        "postgres_table" => DatasetFormat.PostgresTable,
        _ => throw new InvalidDataException($"unknown dataset format '{value}' in the database"),
    };

    public static string Of(JobState state) => state switch
    {
        JobState.Submitted => "submitted",
        JobState.Approved => "approved",
        JobState.Rejected => "rejected",
        JobState.Running => "running",
        JobState.Released => "released",
        JobState.Refused => "refused",
        JobState.PendingReview => "pending_review",
        JobState.Failed => "failed",
        JobState.Contributed => "contributed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown job state"),
    };

    public static JobState ToJobState(string value) => value switch
    {
        "submitted" => JobState.Submitted,
        "pending_review" => JobState.PendingReview,
        "approved" => JobState.Approved,
        "rejected" => JobState.Rejected,
        "running" => JobState.Running,
        "released" => JobState.Released,
        "refused" => JobState.Refused,
        "failed" => JobState.Failed,
        "contributed" => JobState.Contributed,
        _ => throw new InvalidDataException($"unknown job state '{value}' in the database"),
    };
}
