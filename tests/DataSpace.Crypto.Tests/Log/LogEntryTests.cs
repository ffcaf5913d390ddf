using System.Text;
using DataSpace.Crypto.Json;
using DataSpace.Crypto.Log;

namespace DataSpace.Crypto.Tests.Log;

public sealed class LogEntryTests
{
    [Fact]
    public void ToCanonicalJson_ExampleEntry_MatchesGoldenBytes()
    {
        var actual = LogExamples.Entry.ToCanonicalJson();

        Assert.Equal(LogExamples.EntryJson, Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public void ToCanonicalJson_ExampleEntry_IsCanonical()
    {
        Assert.True(CanonicalJson.IsCanonical(LogExamples.Entry.ToCanonicalJson()));
    }

    [Fact]
    public void ToCanonicalJson_OptionalFieldsNullOrEmpty_OmitsThem()
    {
        var entry = LogExamples.Entry with { Decision = null, Signature = null, Digests = null, Details = new Dictionary<string, string>() };

        var actual = Encoding.UTF8.GetString(entry.ToCanonicalJson());

        Assert.Equal("""{"action":"dataset.read","actor":"key:party-acme-01","resource":"dataset/tax-2025","when":"2026-11-23T09:15:00.123Z"}""", actual);
    }

    [Fact]
    public void ToCanonicalJson_SubMillisecondTime_TruncatesToMilliseconds()
    {
        var entry = LogExamples.Entry with { When = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(9_999) };

        var actual = Encoding.UTF8.GetString(entry.ToCanonicalJson());

        Assert.EndsWith("\"when\":\"2026-01-02T03:04:05.000Z\"}", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCanonicalJson_EscapesAndNonAsciiInDetails_WritesRfc8785Strings()
    {
        var entry = LogExamples.Entry with { Details = new Dictionary<string, string> { ["reason"] = "a\"b\\c\n/é", ["Z"] = "z" } };

        var actual = Encoding.UTF8.GetString(entry.ToCanonicalJson());

        Assert.Contains("\"details\":{\"Z\":\"z\",\"reason\":\"a\\\"b\\\\c\\n/é\"}", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCanonicalJson_LoneSurrogate_ThrowsNamingPath()
    {
        var entry = LogExamples.Entry with { Details = new Dictionary<string, string> { ["reason"] = "\ud800" } };

        var exception = Assert.Throws<CanonicalJsonException>(() => entry.ToCanonicalJson());

        Assert.Equal("$.details.reason", exception.Path);
    }

    [Fact]
    public void Parse_GoldenBytes_RoundTrips()
    {
        var bytes = Encoding.UTF8.GetBytes(LogExamples.EntryJson);

        var entry = LogEntry.Parse(bytes);

        Assert.Equal(bytes, entry.ToCanonicalJson());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 15, 0, 123, TimeSpan.Zero), entry.When);
        Assert.Equal("monthly report", entry.Details!["reason"]);
        Assert.Equal("key:party-acme-01", entry.Actor);
    }

    [Fact]
    public void Parse_MinimalEntry_LeavesOptionalFieldsNull()
    {
        var entry = LogEntry.Parse("""{"action":"a","actor":"b","resource":"c","when":"2026-01-01T00:00:00.000Z"}"""u8);

        Assert.Null(entry.Decision);
        Assert.Null(entry.Digests);
        Assert.Null(entry.Signature);
        Assert.Null(entry.Details);
    }

    [Theory]
    [InlineData("""{"action":"a","actor":"b","resource":"c"}""", "$.when", "missing")]
    [InlineData("""{"action":"a","resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$.actor", "missing")]
    [InlineData("""{"action":"a","actor":"b","extra":"x","resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$.extra", "unknown")]
    [InlineData("""{"action":1,"actor":"b","resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$.action", "expected a string")]
    [InlineData("""{"action":"a","actor":"b","decision":null,"resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$.decision", "expected a string")]
    [InlineData("""{"action":"a","actor":"b","details":{"job":7},"resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$.details.job", "expected a string")]
    [InlineData("""{"action":"a","actor":"b","digests":["x"],"resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$.digests", "expected an object")]
    [InlineData("""{"action":"a","action":"a","actor":"b","resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$.action", "duplicate")]
    [InlineData("""{"action":"a","actor":"b","resource":"c","when":"2026-01-01T00:00:00Z"}""", "$.when", "RFC 3339")]
    [InlineData("""{"action":"a","actor":"b","resource":"c","when":"2026-01-01T01:00:00.000+01:00"}""", "$.when", "RFC 3339")]
    [InlineData("""{"actor":"b","action":"a","resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$", "canonical")]
    [InlineData("""{"action":"a", "actor":"b","resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$", "canonical")]
    [InlineData("""{"action":"\/","actor":"b","resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$", "canonical")]
    [InlineData("""{"action":"a","actor":"b","details":{},"resource":"c","when":"2026-01-01T00:00:00.000Z"}""", "$", "canonical")]
    [InlineData("""{"action":"a","actor":"b","resource":"c","when":"2026-01-01T00:00:00.000Z"} """, "$", "canonical")]
    [InlineData("""{"action":"a","actor":"b","resource":"c","when":"2026-01-01T00:00:00.000Z"}{}""", "$", "invalid JSON")]
    [InlineData("""[]""", "$", "expected a JSON object")]
    [InlineData("""{"action":"a","actor":"b","resource":"c","when":"2026-""", "$.when", "invalid JSON")]
    public void Parse_BadInput_ThrowsNamingPathAndReason(string json, string path, string reason)
    {
        var exception = Assert.Throws<LogFormatException>(() => LogEntry.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(path, exception.Path);
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
    }
}
