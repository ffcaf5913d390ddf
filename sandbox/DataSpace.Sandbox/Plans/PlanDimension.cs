namespace DataSpace.Sandbox.Plans;

/// <summary>
/// A dimension: a column and its fixed domain, either listed values or numeric buckets [b0, b1), [b1, b2), ...
/// A row whose value is outside the domain, or null, is in no group.
/// </summary>
public sealed record PlanDimension
{
    public required PlanColumn Column { get; init; }

    /// <summary>The name the release gives the dimension (the column's by default).</summary>
    public required string Name { get; init; }

    /// <summary>The listed values, or null for buckets.</summary>
    public IReadOnlyList<PlanValue>? Values { get; init; }

    /// <summary>Ascending bucket bounds, or null for listed values.</summary>
    public IReadOnlyList<double>? Buckets { get; init; }

    /// <summary>Members of the domain.</summary>
    public int Size => Values?.Count ?? (Buckets!.Count - 1);

    /// <summary>The label of member <paramref name="index"/>: the value's text, or the bucket as <c>[lower, upper)</c>.</summary>
    public string Label(int index) => Values is { } values
        ? values[index].Text
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{Buckets![index]:R}, {Buckets[index + 1]:R})");
}
