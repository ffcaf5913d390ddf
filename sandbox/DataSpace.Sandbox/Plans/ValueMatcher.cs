using Apache.Arrow;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// Maps a batch column's values to positions in a fixed domain, a whole batch per call. Rows are tracked in a
/// span of group indexes where -1 means "dropped": a matcher only ever reads rows still kept and may drop them.
/// </summary>
internal abstract class ValueMatcher
{
    /// <summary>The domain's size.</summary>
    public abstract int Size { get; }

    /// <summary>
    /// For every kept row: adds <paramref name="stride"/> times the position of its value in the domain to its group
    /// index, or drops it when its value is outside the domain or null.
    /// </summary>
    public void Index(IArrowArray array, Span<int> groups, int stride)
    {
        DropNulls(array, groups);
        IndexCore(array, groups, stride);
    }

    /// <summary>Keeps the kept rows whose value is in the domain (<paramref name="members"/>) or not in it (not null either).</summary>
    public void Keep(IArrowArray array, Span<int> groups, bool members)
    {
        DropNulls(array, groups);
        KeepCore(array, groups, members);
    }

    /// <summary>Drops the rows where <paramref name="array"/> is null.</summary>
    public static void DropNulls(IArrowArray array, Span<int> groups)
    {
        if (array.NullCount == 0)
        {
            return;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (array.IsNull(i))
            {
                groups[i] = -1;
            }
        }
    }

    protected abstract void IndexCore(IArrowArray array, Span<int> groups, int stride);

    protected abstract void KeepCore(IArrowArray array, Span<int> groups, bool members);

    /// <summary>Applies a position found for row <paramref name="i"/> (-1: not in the domain).</summary>
    protected static void Apply(Span<int> groups, int i, int position, int stride) =>
        groups[i] = position < 0 ? -1 : groups[i] + (position * stride);
}
