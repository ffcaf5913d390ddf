using System.Text;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

internal static class Utf8Keys
{
    public static int Group(this AggregateAccumulator accumulator, string key) => accumulator.Group(Encoding.UTF8.GetBytes(key));
}
