using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Statements;

/// <summary>
/// What one run of a job used (docs/metering.md, "Meter record"): the quantities a price is computed from, which the
/// log entry ending the run and the result receipt carry (<see cref="Published"/>), and, for the supplier and the
/// auditor, the fine-grained counters (<see cref="Usage"/>). Serialized as canonical JSON (RFC 8785: sorted keys,
/// integers, decimals as strings) and read back by a strict parser: an unknown field, a missing one or a malformed
/// value is refused with its path.
/// </summary>
public sealed partial record MeterRecord
{
    public required MeterOutcome Outcome { get; init; }

    /// <summary>Whether the run is charged (docs/metering.md, "Billable"): it read data and did not fail by the connector's fault; held output is charged when released or refused.</summary>
    public required bool Billable { get; init; }

    /// <summary>Rows the run was given: the rows of every dataset it read, as registered (0 when it read nothing). Never what the job chose to pull.</summary>
    public long RowsRead { get; init; }

    /// <summary>Columns the run was granted, as its manifest declares (over every dataset it read).</summary>
    public long ColumnsRead { get; init; }

    /// <summary>CPU time billed, in whole seconds: the run's CPU time rounded up to the metering quantum (docs/metering.md, "CPU time").</summary>
    public long CpuSeconds { get; init; }

    /// <summary>Privacy budget spent: ε debited for the run (0 when it adds no noise or read nothing).</summary>
    public decimal Epsilon { get; init; }

    /// <summary>Privacy budget spent: δ debited for the run.</summary>
    public decimal Delta { get; init; }

    /// <summary>The fine-grained counters, for the supplier and the auditor; null in the published form.</summary>
    public MeterUsage? Usage { get; init; }

    /// <summary>The form the log entry, the receipt, the operator and the data user see: everything but <see cref="Usage"/>.</summary>
    public MeterRecord Published() => this with { Usage = null };

    /// <summary>The canonical JSON text (RFC 8785).</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(CanonicalJson.Serialize(ToNode()));

    /// <summary>The record as a JSON object (decimals as strings, outcome in lower case).</summary>
    public JsonObject ToNode()
    {
        var node = new JsonObject
        {
            ["billable"] = Billable,
            ["columnsRead"] = ColumnsRead,
            ["cpuSeconds"] = CpuSeconds,
            ["delta"] = DecimalText(Delta),
            ["epsilon"] = DecimalText(Epsilon),
            ["outcome"] = OutcomeText(Outcome),
            ["rowsRead"] = RowsRead,
        };
        if (Usage is { } usage)
        {
            node["usage"] = new JsonObject
            {
                ["bytesFed"] = usage.BytesFed,
                ["cpuMs"] = usage.CpuMs,
                ["fuel"] = usage.Fuel,
                ["groupsReleased"] = usage.GroupsReleased,
                ["groupsSuppressed"] = usage.GroupsSuppressed,
                ["modelTrainings"] = usage.ModelTrainings,
                ["outputBytes"] = usage.OutputBytes,
                ["rowsPulled"] = usage.RowsPulled,
                ["wallMs"] = usage.WallMs,
            };
        }

        return node;
    }

    /// <summary>Reads a meter record; throws <see cref="StatementException"/> naming the field that is unknown, missing or malformed.</summary>
    public static MeterRecord Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement, "meter");
        }
        catch (JsonException e)
        {
            throw new StatementException($"meter: not JSON: {e.Message}", e);
        }
    }

    /// <summary>As <see cref="Parse(string)"/>, from a JSON node (a receipt's <c>meter</c>).</summary>
    public static MeterRecord Parse(JsonNode? node, string path = "meter") =>
        node is null ? throw new StatementException($"'{path}' is missing") : Read(JsonSerializer.SerializeToElement(node), path);

    /// <summary>Reads a meter record, or says why it is not one.</summary>
    public static bool TryParse(string json, out MeterRecord? meter, out string? error)
    {
        try
        {
            (meter, error) = (Parse(json), null);
            return true;
        }
        catch (StatementException e)
        {
            (meter, error) = (null, e.Message);
            return false;
        }
    }

    /// <summary>A decimal's canonical text: invariant, no exponent, no trailing zeros, "0" for zero.</summary>
    public static string DecimalText(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string OutcomeText(MeterOutcome outcome) => outcome switch
    {
        MeterOutcome.Released => "released",
        MeterOutcome.Held => "held",
        MeterOutcome.Refused => "refused",
        MeterOutcome.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a meter outcome"),
    };

    private static readonly string[] Fields = ["billable", "columnsRead", "cpuSeconds", "delta", "epsilon", "outcome", "rowsRead", "usage"];

    private static readonly string[] UsageFields =
        ["bytesFed", "cpuMs", "fuel", "groupsReleased", "groupsSuppressed", "modelTrainings", "outputBytes", "rowsPulled", "wallMs"];

    private static MeterRecord Read(JsonElement root, string path)
    {
        var fields = Members(root, path, Fields);
        var usage = fields.TryGetValue("usage", out var u) ? Members(u, path + ".usage", UsageFields) : null;
        return new MeterRecord
        {
            Outcome = fields.TryGetValue("outcome", out var o) && o.ValueKind == JsonValueKind.String
                ? o.GetString() switch
                {
                    "released" => MeterOutcome.Released,
                    "held" => MeterOutcome.Held,
                    "refused" => MeterOutcome.Refused,
                    "failed" => MeterOutcome.Failed,
                    var other => throw new StatementException($"'{path}.outcome' is '{other}', not released, held, refused or failed"),
                }
                : throw new StatementException($"'{path}.outcome' is missing or not a string"),
            Billable = fields.TryGetValue("billable", out var b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? b.GetBoolean()
                : throw new StatementException($"'{path}.billable' is missing or not true or false"),
            RowsRead = Count(fields, "rowsRead", path),
            ColumnsRead = Count(fields, "columnsRead", path),
            CpuSeconds = Count(fields, "cpuSeconds", path),
            Epsilon = Decimal(fields, "epsilon", path),
            Delta = Decimal(fields, "delta", path),
            Usage = usage is null ? null : new MeterUsage
            {
                RowsPulled = Count(usage, "rowsPulled", path + ".usage"),
                BytesFed = Count(usage, "bytesFed", path + ".usage"),
                Fuel = Count(usage, "fuel", path + ".usage"),
                CpuMs = Count(usage, "cpuMs", path + ".usage"),
                WallMs = Count(usage, "wallMs", path + ".usage"),
                OutputBytes = Count(usage, "outputBytes", path + ".usage"),
                GroupsReleased = Count(usage, "groupsReleased", path + ".usage"),
                GroupsSuppressed = Count(usage, "groupsSuppressed", path + ".usage"),
                ModelTrainings = Count(usage, "modelTrainings", path + ".usage"),
            },
        };
    }

    private static Dictionary<string, JsonElement> Members(JsonElement element, string path, string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new StatementException($"'{path}' is not an object");
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                throw new StatementException($"'{path}.{property.Name}' is not a field of a meter record");
            }

            if (!members.TryAdd(property.Name, property.Value))
            {
                throw new StatementException($"'{path}.{property.Name}' appears twice");
            }
        }

        return members;
    }

    private static long Count(Dictionary<string, JsonElement> fields, string name, string path) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && IntegerPattern().IsMatch(value.GetRawText())
            && value.TryGetInt64(out var count)
            ? count
            : throw new StatementException($"'{path}.{name}' is missing or not a non-negative integer");

    private static decimal Decimal(Dictionary<string, JsonElement> fields, string name, string path) =>
        fields.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String && DecimalPattern().IsMatch(value.GetString()!)
            && decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new StatementException($"'{path}.{name}' is missing or not a non-negative decimal in canonical form (a string such as \"0.5\")");

    [GeneratedRegex("^(0|[1-9][0-9]{0,18})$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^(0|[1-9][0-9]{0,27})(\\.[0-9]{0,27}[1-9])?$")]
    private static partial Regex DecimalPattern();
}
