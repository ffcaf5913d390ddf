using System.Text.Json.Serialization;

namespace DataSpace.Sandbox.Plans;

/// <summary>One measure's statistics in one group: sum and mean always; variance, histogram and quantiles when asked.</summary>
public sealed record PlanResultValue
{
    public required string Name { get; init; }

    public required double Sum { get; init; }

    public required double Mean { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Variance { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? Histogram { get; init; }

    /// <summary>The quantiles asked, in the plan's order (null where the histogram is empty).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<double?>? Quantiles { get; init; }
}
