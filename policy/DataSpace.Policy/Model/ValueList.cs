namespace DataSpace.Policy.Model;

/// <summary>Builds <see cref="ValueList{T}"/>s, also from collection expressions.</summary>
public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) =>
        items.IsEmpty ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());
}
