using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>A party or asset as read, before it becomes a <see cref="Party"/> or <see cref="Asset"/>.</summary>
internal sealed record Entity(string? Uid, bool IsCollection, string? Source, ValueList<ConstraintNode> Refinements, string Path = "")
{
    /// <summary>Stands for "no value" in a rule's expansion, as opposed to a value that failed to read (null).</summary>
    public static Entity Absent { get; } = new(null, false, null, []);
}
