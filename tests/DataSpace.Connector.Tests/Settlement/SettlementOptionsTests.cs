using DataSpace.Connector.Hosting;
using DataSpace.Connector.Settlement;
using DataSpace.Connector.Tests.Support;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Tests.Settlement;

/// <summary>The <c>Connector:Settlement:Shares</c> option: checked on start naming the key, the library's default when unset.</summary>
public sealed class SettlementOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Settlement:Shares:0", "100=50")]
    [InlineData("Settlement:Shares:0", "0=150")]
    [InlineData("Settlement:Shares:0", "zero")]
    public void Build_InvalidShareSchedule_FailsNamingIt(string key, string value)
    {
        var exception = Assert.Throws<ConnectorConfigurationException>(() =>
            ConnectorHost.Build(ConnectorServer.Arguments(_temp.Combine("data"), (key, value))));

        Assert.Contains("Connector:Settlement:Shares", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_Unset_IsTheDefaultAndConfiguredIsRead()
    {
        var configured = new SettlementOptions { Shares = ["0=40", "100000=70"] };

        Assert.Same(ShareSchedule.Default, new SettlementOptions().Schedule());
        Assert.Equal(["0=40", "100000=70"], configured.Schedule().ToStrings());
        Assert.Empty(configured.Validate());
    }
}
