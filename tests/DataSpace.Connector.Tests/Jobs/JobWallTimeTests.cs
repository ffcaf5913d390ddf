using DataSpace.Connector.Jobs;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Tests.Jobs;

/// <summary>The wall-time limit of a run grows with its dataset, up to the configured ceiling.</summary>
public sealed class JobWallTimeTests
{
    private static readonly JobWallTime Defaults = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData(0, 10)]
    [InlineData(600, 11)]
    [InlineData(1_000_000, 20)]
    [InlineData(2_500_000, 35)]
    [InlineData(100_000_000, 60)]
    public void For_Rows_ScalesTheLimitUpToTheCeiling(long rows, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Defaults.For(rows));

    [Fact]
    public void Apply_AScaledLimitBelowTheManifests_LowersTheWallTimeOnly()
    {
        var defaults = new JobLimits { WallTime = TimeSpan.FromSeconds(60), Fuel = 1_000 };

        var limits = JobWallTime.Apply(new JobLimits { WallTime = TimeSpan.FromSeconds(30), Fuel = 500 }, defaults, TimeSpan.FromSeconds(11));

        Assert.Equal(TimeSpan.FromSeconds(11), limits.WallTime);
        Assert.Equal(500, limits.Fuel);
    }

    [Fact]
    public void Apply_AManifestAskingForLessThanTheScaledLimit_KeepsTheManifests()
    {
        var defaults = new JobLimits { WallTime = TimeSpan.FromSeconds(60) };

        var limits = JobWallTime.Apply(new JobLimits { WallTime = TimeSpan.FromSeconds(5) }, defaults, TimeSpan.FromSeconds(11));

        Assert.Equal(TimeSpan.FromSeconds(5), limits.WallTime);
    }
}
