using Apache.Arrow;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// Keeps at most <see cref="EntityBound.MaxRows"/> rows of each entity: the first ones, in dataset order, that the
/// plan would count. A row whose entity is null is dropped (its entity is unknown, so its bound could not hold).
/// </summary>
internal sealed class EntityLimiter(EntityBound bound)
{
    private readonly Dictionary<long, int> _integers = [];
    private readonly Dictionary<byte[], int> _texts = new(Utf8KeyComparer.Instance);

    public EntityBound Bound => bound;

    public void Limit(IArrowArray array, Span<int> groups)
    {
        ValueMatcher.DropNulls(array, groups);
        var max = bound.MaxRows;
        if (KeyColumn.IsText(array))
        {
            var texts = _texts.GetAlternateLookup<ReadOnlySpan<byte>>();
            for (var i = 0; i < groups.Length; i++)
            {
                if (groups[i] >= 0)
                {
                    var key = KeyColumn.Text(array, i);
                    texts.TryGetValue(key, out var seen);
                    if (seen >= max)
                    {
                        groups[i] = -1;
                    }
                    else
                    {
                        texts[key] = seen + 1;
                    }
                }
            }

            return;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0)
            {
                ref var seen = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_integers, KeyColumn.Integer(array, i), out _);
                if (seen >= max)
                {
                    groups[i] = -1;
                }
                else
                {
                    seen++;
                }
            }
        }
    }
}
