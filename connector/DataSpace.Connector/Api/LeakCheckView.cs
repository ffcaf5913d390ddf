using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Sandbox.Vetting;

namespace DataSpace.Connector.Api;

/// <summary>
/// The leak check's verdict on custom output held for review (docs/sandbox-custom-output.md): the columns whose values
/// it looked for, the columns it looked for whole rows of, and its findings (kind, column, row; never a value).
/// </summary>
public sealed record LeakCheckView(
    IReadOnlyList<string> IdentifyingColumns, IReadOnlyList<string> RowColumns, IReadOnlyList<CustomOutputFinding> Findings, bool FindingsTruncated)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The verdict as stored with the held output.</summary>
    internal string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A stored verdict read back; null for none (output held before verdicts were kept).</summary>
    internal static LeakCheckView? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<LeakCheckView>(json, Json);
}
