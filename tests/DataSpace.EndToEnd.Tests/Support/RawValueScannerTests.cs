namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>The scanner the other tests rely on finds what it must and ignores what only looks alike.</summary>
public sealed class RawValueScannerTests
{
    private static readonly RawValueScanner Scanner = SampleFiles.TaxScanner();

    [Fact]
    public void Find_ValuesOfASampleRow_FindsEachOfThem()
    {
        // The sample's first row: E91000000,Chaoyang,manufacturing,13,4823.0,102.24,2024-09-13,false
        var row = File.ReadLines(SampleFiles.TaxCsv).Skip(1).First().Split(',');

        Assert.Equal([row[0]], Scanner.Find($"{{\"id\":\"{row[0]}\"}}"));
        Assert.Equal([row[4]], Scanner.Find($"income {row[4]} in thousand CNY"));
        Assert.Equal([row[5]], Scanner.Find($"[{row[5]}]"));
        Assert.Equal([row[0]], Scanner.Find($"ids:{row[0]}x"));
    }

    [Fact]
    public void Find_LongerNumbersAndOtherTokens_FindsNothing()
    {
        var row = File.ReadLines(SampleFiles.TaxCsv).Skip(1).First().Split(',');

        // Income has one decimal and tax two: a longer number is never one of them, nor a version-like token.
        Assert.Empty(Scanner.Find($"mean {row[4]}625, tax {row[5]}9, version {row[5]}.1, id {row[0][..^1]}"));
        Assert.Empty(Scanner.Find("no data here: 51.22 2024-09-13 Chaoyang"));
    }

    [Fact]
    public void AssertNoRawValue_TextWithAnIdentifier_FailsNamingIt()
    {
        var id = File.ReadLines(SampleFiles.TaxCsv).Skip(1).First().Split(',')[0];

        var failure = Assert.ThrowsAny<Exception>(() => Scanner.AssertNoRawValue($"{{\"rows\":[\"{id}\"]}}", "a body"));

        Assert.Contains(id, failure.Message, StringComparison.Ordinal);
        Assert.True(Scanner.Count > 20_000, $"only {Scanner.Count} distinctive values");
    }
}
