namespace DataSpace.Tests.Common;

/// <summary>
/// Measures what a warm loop allocates on the calling thread, for the tests that promise none.
/// </summary>
/// <remarks>
/// The runtime itself may allocate once on the thread while it recompiles a hot method (tiering,
/// on-stack replacement): CI once saw 6,128 bytes in a single 10,000-call round of a loop that
/// allocates nothing. An allocation by the code under test shows in every round, so the
/// quietest of a few rounds is the figure to assert on.
/// </remarks>
public static class SteadyAllocation
{
    /// <summary>Runs <paramref name="round"/> <paramref name="rounds"/> times and returns the fewest bytes any run allocated.</summary>
    public static long Quietest(Action round, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var quietest = long.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            round();
            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return quietest;
    }
}
