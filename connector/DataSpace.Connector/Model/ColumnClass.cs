using System.Text.Json.Serialization;

namespace DataSpace.Connector.Model;

/// <summary>
/// What a dataset column is, as the supplier classes it at registration (docs/sandbox-custom-output.md, "Column
/// classes"). A column the supplier does not name is <see cref="Sensitive"/>: never shown as public, never assumed harmless.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnClass>))]
public enum ColumnClass
{
    /// <summary>Values that are worth protecting but do not single out a row on their own (the default).</summary>
    [JsonStringEnumMemberName("sensitive")]
    Sensitive,

    /// <summary>Values that single out a person or enterprise on their own (an enterprise id, a name): never in custom output.</summary>
    [JsonStringEnumMemberName("identifying")]
    Identifying,

    /// <summary>Values that single out a row in combination (birth date, district, sector): never in custom output either.</summary>
    [JsonStringEnumMemberName("quasiIdentifying")]
    QuasiIdentifying,

    /// <summary>Values that are public anyway (a region code from a published list).</summary>
    [JsonStringEnumMemberName("public")]
    Public,
}
