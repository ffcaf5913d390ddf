using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Model;

/// <summary>xsd:duration lexical forms (XML Schema 1.1 Part 2 §3.3.6).</summary>
public sealed class XsdDurationTests
{
    [Theory]
    [InlineData("P1Y2M", false, 14, 0)]
    [InlineData("P30D", false, 0, 30 * 86_400)]
    [InlineData("P3DT4H5M6S", false, 0, (3 * 86_400) + (4 * 3_600) + (5 * 60) + 6)]
    [InlineData("-PT30M", true, 0, 1_800)]
    [InlineData("P1YT1S", false, 12, 1)]
    public void TryParse_ValidDuration_GivesMonthsAndTime(string text, bool negative, int months, int seconds)
    {
        Assert.True(XsdDuration.TryParse(text, out var duration));

        Assert.Equal(new XsdDuration(negative, months, TimeSpan.FromSeconds(seconds)), duration);
    }

    [Fact]
    public void TryParse_FractionalSeconds_KeepsTheFraction()
    {
        Assert.True(XsdDuration.TryParse("PT0.5S", out var duration));

        Assert.Equal(TimeSpan.FromMilliseconds(500), duration.Time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1H")]
    [InlineData("1D")]
    [InlineData("P1M1Y")]
    [InlineData("P1.5D")]
    [InlineData("P1DT")]
    [InlineData("P99999999999Y")]
    public void TryParse_InvalidDuration_ReturnsFalse(string text)
    {
        Assert.False(XsdDuration.TryParse(text, out _));
    }
}
