using DataSpace.Crypto.Json;
using DataSpace.Crypto.Statements;

namespace DataSpace.Crypto.Tests.Statements;

/// <summary>The meter record's canonical JSON and its strict parser (docs/metering.md, "Meter record").</summary>
public sealed class MeterRecordTests
{
    private static readonly MeterRecord Full = new()
    {
        Outcome = MeterOutcome.Failed,
        Billable = true,
        RowsRead = 600,
        ColumnsRead = 3,
        CpuSeconds = 10,
        Epsilon = 0.50m,
        Delta = 0.000001m,
        Usage = new MeterUsage
        {
            RowsPulled = 512, BytesFed = 12_288, Fuel = 1_234_567, CpuMs = 42, WallMs = 57, OutputBytes = 0, GroupsReleased = 0, GroupsSuppressed = 2, ModelTrainings = 0,
        },
    };

    private const string FullJson =
        """{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0.000001","epsilon":"0.5","outcome":"failed","rowsRead":600,"usage":{""" +
        "\"bytesFed\":12288,\"cpuMs\":42,\"fuel\":1234567,\"groupsReleased\":0,\"groupsSuppressed\":2,\"modelTrainings\":0,\"outputBytes\":0,\"rowsPulled\":512,\"wallMs\":57}}";

    [Fact]
    public void ToJson_FullRecord_IsTheCanonicalTextWithDecimalsAsStrings()
    {
        var json = Full.ToJson();

        Assert.Equal(FullJson, json);
        Assert.True(CanonicalJson.IsCanonical(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData(MeterOutcome.Released)]
    [InlineData(MeterOutcome.Held)]
    [InlineData(MeterOutcome.Refused)]
    [InlineData(MeterOutcome.Failed)]
    public void Parse_ToJson_RoundTripsEveryOutcome(MeterOutcome outcome)
    {
        var meter = Full with { Outcome = outcome, Epsilon = 1.25m, Delta = 0m };

        Assert.Equal(meter, MeterRecord.Parse(meter.ToJson()));
        Assert.Equal(meter.Published(), MeterRecord.Parse(meter.Published().ToJson()));
    }

    [Fact]
    public void Published_DropsTheUsageAndKeepsWhatThePriceDependsOn()
    {
        var published = Full.Published();

        Assert.Null(published.Usage);
        Assert.Equal("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0.000001","epsilon":"0.5","outcome":"failed","rowsRead":600}""", published.ToJson());
    }

    [Theory]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1,"price":"1"}""", "'meter.price' is not a field of a meter record")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"released"}""", "'meter.rowsRead' is missing or not a non-negative integer")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10.0,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1}""", "'meter.cpuSeconds' is missing or not a non-negative integer")]
    [InlineData("""{"billable":true,"columnsRead":-3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1}""", "'meter.columnsRead' is missing or not a non-negative integer")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":1e1,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1}""", "'meter.cpuSeconds' is missing or not a non-negative integer")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":0.5,"outcome":"released","rowsRead":1}""", "'meter.epsilon' is missing or not a non-negative decimal")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0.50","outcome":"released","rowsRead":1}""", "'meter.epsilon' is missing or not a non-negative decimal")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"-0.1","epsilon":"0","outcome":"released","rowsRead":1}""", "'meter.delta' is missing or not a non-negative decimal")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"1e-6","epsilon":"0","outcome":"released","rowsRead":1}""", "'meter.delta' is missing or not a non-negative decimal")]
    [InlineData("""{"billable":"yes","columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1}""", "'meter.billable' is missing or not true or false")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"paid","rowsRead":1}""", "'meter.outcome' is 'paid', not released, held, refused or failed")]
    [InlineData("""{"billable":true,"billable":false,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1}""", "'meter.billable' appears twice")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1,"usage":{"cpuMs":1}}""", "'meter.usage.rowsPulled' is missing or not a non-negative integer")]
    [InlineData("""{"billable":true,"columnsRead":3,"cpuSeconds":10,"delta":"0","epsilon":"0","outcome":"released","rowsRead":1,"usage":{"secret":1}}""", "'meter.usage.secret' is not a field of a meter record")]
    [InlineData("""[1]""", "'meter' is not an object")]
    public void TryParse_MalformedRecord_IsRefusedNamingTheField(string json, string expected)
    {
        Assert.False(MeterRecord.TryParse(json, out var meter, out var error));
        Assert.Null(meter);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NotJson_IsRefused()
    {
        Assert.False(MeterRecord.TryParse("{\"billable\":", out _, out var error));
        Assert.StartsWith("meter: not JSON", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("0.50", "0.5")]
    [InlineData("12.000", "12")]
    [InlineData("0.0000000001", "0.0000000001")]
    public void DecimalText_IsInvariantWithoutTrailingZerosOrExponent(string value, string expected) =>
        Assert.Equal(expected, MeterRecord.DecimalText(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
}
