using System.Diagnostics;
using System.Text;
using DataSpace.Sandbox.Tests.Models;
using DataSpace.Sandbox.Vetting;
using Xunit.Abstractions;

namespace DataSpace.Sandbox.Tests.Vetting;

public sealed class CustomOutputCheckTests(ITestOutputHelper testOutput)
{
    private static readonly CustomOutputCheckOptions Identifying = new() { IdentifyingColumns = ["id_number", "name"] };
    private static readonly CustomOutputCheckOptions Rows = new() { RowColumns = ["name", "district", "age", "income"] };

    [Fact]
    public void Check_IdentifyingValueInText_RefusedWithColumnAndRow()
    {
        using var source = People();

        var verdict = Check("The mean income is 4210.5; the outlier was 110105198003151234 in Haidian.", source, Identifying);

        Assert.False(verdict.Passed);
        var finding = Assert.Single(verdict.Findings);
        Assert.Equal(new CustomOutputFinding(CustomOutputFindingKind.IdentifyingValue, "id_number", 2), finding);
    }

    [Fact]
    public void Check_DocumentedExample_FindsWhatTheDocSays()
    {
        // docs/sandbox-custom-output.md, "Worked example".
        using var source = People();
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["id_number", "name"], RowColumns = Rows.RowColumns };
        const string Output = """
            district,people,mean_income
            Haidian,2,4665.4
            top earner: WANG FANG
            ["Li Na", "Haidian", 35, 5120.3]

            """;

        var verdict = Check(Output, source, options);

        Assert.False(verdict.Passed);
        Assert.Equal(
            [
                new(CustomOutputFindingKind.IdentifyingValue, "name", 2),
                new(CustomOutputFindingKind.IdentifyingValue, "name", 3),
                new CustomOutputFinding(CustomOutputFindingKind.WholeRow, null, 3),
            ],
            verdict.Findings);
        Assert.False(verdict.FindingsTruncated);
    }

    [Fact]
    public void Check_IdentifyingValueInOtherCase_Refused()
    {
        using var source = People();

        var verdict = Check("top earner: ZHANG WEI", source, Identifying);

        Assert.Equal(new CustomOutputFinding(CustomOutputFindingKind.IdentifyingValue, "name", 1), Assert.Single(verdict.Findings));
    }

    [Fact]
    public void Check_ValueOfColumnNotMarkedIdentifying_Passes()
    {
        using var source = People();

        var verdict = Check("districts: Haidian, Chaoyang", source, Identifying);

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void Check_IdentifyingValueShorterThanMinimum_NotSearched()
    {
        using var source = new InMemoryDataSource(InMemoryDataSource.Strings("name", ["Li", "Wang Fang"]));
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["name"], MinValueLength = 4 };

        Assert.True(Check("Li appears in almost any text: Lisbon, list", source, options).Passed);
        Assert.False(Check("wang fang", source, options).Passed);
    }

    [Fact]
    public void Check_IdentifyingIntegerDateAndDouble_FoundInCanonicalForm()
    {
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Longs("account", [9_876_543_210]),
            InMemoryDataSource.Dates("birth", [new DateOnly(1980, 3, 15)]),
            InMemoryDataSource.Doubles("salary", [12345.75]));
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["account", "birth", "salary"] };

        var verdict = Check("a=9876543210 b=1980-03-15 c=12345.750", source, options);

        Assert.Equal(["account", "birth", "salary"], verdict.Findings.Select(f => f.Column));
        Assert.All(verdict.Findings, f => Assert.Equal(1, f.Row));
    }

    [Fact]
    public void Check_IdentifyingValueBetweenInvalidUtf8_StillFound()
    {
        using var source = People();
        byte[] output = [0xFF, 0xC3, .. "110105198003151234"u8, 0xFE];

        var verdict = CustomOutputCheck.Check(output, source, Identifying, CancellationToken.None);

        Assert.False(verdict.Passed);
    }

    [Fact]
    public void Check_WholeRowAsCsvLine_Refused()
    {
        using var source = People();

        var verdict = Check("name,district,age,income\nWang Fang,Chaoyang,28,5120.25\n", source, Rows);

        Assert.Equal(new CustomOutputFinding(CustomOutputFindingKind.WholeRow, null, 2), Assert.Single(verdict.Findings));
    }

    [Fact]
    public void Check_WholeRowAsJsonArray_Refused()
    {
        using var source = People();

        var verdict = Check("""{"rows":[["Zhang Wei", "Haidian", 41, 4210.5]]}""", source, Rows);

        Assert.Equal(new CustomOutputFinding(CustomOutputFindingKind.WholeRow, null, 1), Assert.Single(verdict.Findings));
    }

    [Fact]
    public void Check_WholeRowAsTsvWithNullSkipped_Refused()
    {
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Strings("name", ["Zhao Min"]),
            InMemoryDataSource.Strings("district", [null]),
            InMemoryDataSource.Ints("age", [63]),
            InMemoryDataSource.Doubles("income", [3000]));

        var verdict = Check("zhao min\t\t63\t3000\n", source, Rows);

        Assert.Equal(CustomOutputFindingKind.WholeRow, Assert.Single(verdict.Findings).Kind);
    }

    [Theory]
    [InlineData("Zhang Wei\nZhang Wei,Haidian,41\nHaidian 41\n41\nzhang wei, haidian, 41, 4210.5\n", false)]
    [InlineData("Zhang Wei\nZhang Wei,Haidian,41\nHaidian 41\n41\nhaidian, zhang wei, 41, 4210.5\n", true)]
    public void Check_RarestValueLast_MatchesBackwardsFromIt(string text, bool passes)
    {
        // The rarest value (the income) anchors the match; the values before it are matched leftwards.
        using var source = People();

        var verdict = Check(text, source, Rows);

        Assert.Equal(passes, verdict.Passed);
    }

    [Fact]
    public void Check_WholeRowWithFieldsReordered_Passes()
    {
        // A documented limit: the check wants the row's values in column order.
        using var source = People();

        var verdict = Check("Haidian,Zhang Wei,4210.5,41\n", source, Rows);

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void Check_WholeRowSplitAcrossLines_Passes()
    {
        // A documented limit: the check looks for a row within one line.
        using var source = People();

        var verdict = Check("Zhang Wei,Haidian\n41,4210.5\n", source, Rows);

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void Check_RowWithWordBetweenValues_Passes()
    {
        using var source = People();

        var verdict = Check("Zhang Wei of Haidian, 41, 4210.5", source, Rows);

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void Check_RowShorterThanMinimum_NotSearched()
    {
        using var source = new InMemoryDataSource(InMemoryDataSource.Ints("age", [34]), InMemoryDataSource.Ints("sex", [1]));
        var options = new CustomOutputCheckOptions { RowColumns = ["age", "sex"], MinRowLength = 8 };

        var verdict = Check("age,sex,count\n34,1,120\n", source, options);

        Assert.True(verdict.Passed);
    }

    [Fact]
    public void Check_CleanAggregateText_Passes()
    {
        using var source = People();
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["id_number", "name"], RowColumns = Rows.RowColumns };

        var verdict = Check("district,people,mean_income\nHaidian,2,4665.4\nChaoyang,1,5120.3\n", source, options);

        Assert.True(verdict.Passed);
        Assert.Empty(verdict.Findings);
    }

    [Fact]
    public void Check_EmptyOutput_PassesWithoutReading()
    {
        using var source = People();

        var verdict = CustomOutputCheck.Check(ReadOnlyMemory<byte>.Empty, source, Identifying, CancellationToken.None);

        Assert.True(verdict.Passed);
        Assert.Empty(source.Reads);
    }

    [Fact]
    public void Check_Findings_NeverContainTheValue()
    {
        using var source = People();
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["id_number", "name"], RowColumns = Rows.RowColumns };

        var verdict = Check("110105198003151234\nWang Fang,Chaoyang,28,5120.25\n", source, options);

        Assert.Equal(3, verdict.Findings.Count);
        var shown = string.Join('\n', verdict.Findings) + verdict;
        foreach (var secret in new[] { "110105198003151234", "Wang", "Chaoyang", "5120" })
        {
            Assert.DoesNotContain(secret, shown, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Check_MoreFindingsThanMaximum_StopsAndSaysSo()
    {
        using var source = new InMemoryDataSource(InMemoryDataSource.Strings("name", Enumerable.Repeat<string?>("Zhang Wei", 10)));
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["name"], MaxFindings = 3 };

        var verdict = Check("zhang wei", source, options);

        Assert.Equal(3, verdict.Findings.Count);
        Assert.True(verdict.FindingsTruncated);
    }

    [Fact]
    public void Check_OutputLargerThanMaximum_RefusedUnchecked()
    {
        using var source = People();
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["name"], MaxOutputBytes = 10 };

        var verdict = Check("harmless but long", source, options);

        Assert.Equal(new CustomOutputFinding(CustomOutputFindingKind.CheckIncomplete, null, null), Assert.Single(verdict.Findings));
    }

    [Fact]
    public void Check_RowMatchBudgetSpent_RefusedAsIncomplete()
    {
        using var source = new InMemoryDataSource(
            InMemoryDataSource.Strings("a", Enumerable.Repeat<string?>("aaaa", 50)),
            InMemoryDataSource.Strings("b", Enumerable.Repeat<string?>("bbbb", 50)));
        var options = new CustomOutputCheckOptions { RowColumns = ["a", "b"], MaxRowMatchSteps = 1_000 };
        var output = string.Join(' ', Enumerable.Repeat("aaaa\nbbbb", 2_000));

        var verdict = Check(output, source, options);

        Assert.Equal(CustomOutputFindingKind.CheckIncomplete, Assert.Single(verdict.Findings).Kind);
    }

    [Fact]
    public void Check_UnknownColumn_Throws()
    {
        using var source = People();
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["passport"] };

        Assert.Throws<ArgumentException>(() => Check("x", source, options));
    }

    [Fact]
    public void Check_200kIdentifyingValues_FindsTheOneLeakQuickly()
    {
        const int Rows = 200_000;
        var ids = new string?[Rows];
        var names = new string?[Rows];
        for (var i = 0; i < Rows; i++)
        {
            ids[i] = (110_105_198_000_000_000L + (i * 7919L)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            names[i] = $"Person {i:D6}";
        }

        using var source = new InMemoryDataSource(InMemoryDataSource.Strings("id_number", ids), InMemoryDataSource.Strings("name", names));
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append("bucket-").Append(i % 97).Append(',').Append(i * 3).Append('\n');
        }

        text.Append("leak: ").Append(ids[123_456]).Append('\n');
        var options = new CustomOutputCheckOptions { IdentifyingColumns = ["id_number", "name"], RowColumns = ["id_number", "name"] };
        var stopwatch = Stopwatch.StartNew();

        var verdict = Check(text.ToString(), source, options);

        stopwatch.Stop();
        Assert.Equal(new CustomOutputFinding(CustomOutputFindingKind.IdentifyingValue, "id_number", 123_457), Assert.Single(verdict.Findings));
        testOutput.WriteLine($"200k identifying values over {text.Length} output bytes: {stopwatch.ElapsedMilliseconds} ms");
    }

    private static CustomOutputVerdict Check(string output, InMemoryDataSource source, CustomOutputCheckOptions options) =>
        CustomOutputCheck.Check(Encoding.UTF8.GetBytes(output), source, options, CancellationToken.None);

    private static InMemoryDataSource People() => new(
        InMemoryDataSource.Strings("id_number", ["110101197501011111", "110105198003151234", "110108199912310000"]),
        InMemoryDataSource.Strings("name", ["Zhang Wei", "Wang Fang", "Li Na"]),
        InMemoryDataSource.Strings("district", ["Haidian", "Chaoyang", "Haidian"]),
        InMemoryDataSource.Ints("age", [41, 28, 35]),
        InMemoryDataSource.Doubles("income", [4210.5, 5120.25, 5120.3]));
}
