using Apache.Arrow;

namespace DataSpace.Sandbox.Plans;

/// <summary>
/// An order comparison (lt, lteq, gt, gteq) of a column with a literal: integers and dates (days) compared as
/// integers, float64 as doubles; NaN and null fail it.
/// </summary>
internal sealed class OrderFilter(FilterOperator op, double literal, long integerLiteral)
{
    public void Keep(IArrowArray array, Span<int> groups)
    {
        ValueMatcher.DropNulls(array, groups);
        if (array is DoubleArray doubles)
        {
            var values = doubles.Values;
            for (var i = 0; i < groups.Length; i++)
            {
                if (groups[i] >= 0 && !Holds(values[i].CompareTo(literal), double.IsNaN(values[i])))
                {
                    groups[i] = -1;
                }
            }

            return;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] >= 0 && !Holds(IntegerMatcher.Value(array, i).CompareTo(integerLiteral), false))
            {
                groups[i] = -1;
            }
        }
    }

    private bool Holds(int comparison, bool nan) => !nan && op switch
    {
        FilterOperator.Lt => comparison < 0,
        FilterOperator.Lteq => comparison <= 0,
        FilterOperator.Gt => comparison > 0,
        FilterOperator.Gteq => comparison >= 0,
        _ => false,
    };
}
