using DataSpace.Connector.Hosting;
using DataSpace.Connector.Privacy;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Privacy;

/// <summary>The <c>Connector:Privacy</c> options: checked on start, naming the key; per-dataset overrides; epoch-aligned periods.</summary>
public sealed class PrivacyBudgetOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Privacy:DataUserEpsilon", "-1", "Connector:Privacy:DataUserEpsilon")]
    [InlineData("Privacy:DatasetEpsilon", "1e300", "Connector:Privacy:DatasetEpsilon")]
    [InlineData("Privacy:DatasetDelta", "NaN", "Connector:Privacy:DatasetDelta")]
    [InlineData("Privacy:Period", "00:00:01", "Connector:Privacy:Period")]
    [InlineData("Privacy:Datasets:0:DataUserEpsilon", "1", "Connector:Privacy:Datasets:0:Dataset")]
    public void Build_InvalidPrivacySetting_FailsNamingIt(string key, string value, string named)
    {
        var exception = Assert.Throws<ConnectorConfigurationException>(() =>
            ConnectorHost.Build(ConnectorServer.Arguments(_temp.Combine("data"), (key, value))));

        Assert.Contains(named, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LimitsFor_DatasetWithOverride_TakesItsOwnAndKeepsTheRest()
    {
        var options = new PrivacyBudgetOptions { DataUserEpsilon = 4 };
        options.Datasets.Add(new DatasetPrivacyLimits { Dataset = "tax", DatasetEpsilon = 3 });

        var (dataUser, dataset) = options.LimitsFor("tax");
        var (otherUser, otherDataset) = options.LimitsFor("health");

        Assert.Equal((4, 1e-5, 3, 1e-4), (dataUser.Epsilon, dataUser.Delta, dataset.Epsilon, dataset.Delta));
        Assert.Equal((4, 10d), (otherUser.Epsilon, otherDataset.Epsilon));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void PeriodStart_IsAWholeNumberOfPeriodsAfterTheEpoch()
    {
        var options = new PrivacyBudgetOptions { Period = TimeSpan.FromDays(30) };

        var start = options.PeriodStart(new DateTimeOffset(2026, 12, 4, 19, 0, 0, TimeSpan.FromHours(8)));

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(start, options.PeriodStart(start));
        Assert.Equal(start.AddDays(30), options.PeriodStart(start.AddDays(30)));
    }
}
