using System.Globalization;
using System.Text.RegularExpressions;
using DataSpace.Connector.Privacy;
using DataSpace.Policy.State;

namespace DataSpace.Connector.Tests.Privacy;

/// <summary>docs/privacy-budget.md against the code: the option defaults, the parameter ranges, and the zCDP worked number.</summary>
public sealed partial class PrivacyBudgetDocumentTests
{
    private static readonly string Text = File.ReadAllText(Find("privacy-budget.md"));

    [Fact]
    public void OptionsTable_HasTheCodesDefaults()
    {
        var defaults = new PrivacyBudgetOptions();
        var documented = OptionRow().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal(defaults.DataUserEpsilon, double.Parse(documented["DataUserEpsilon"], CultureInfo.InvariantCulture));
        Assert.Equal(defaults.DataUserDelta, double.Parse(documented["DataUserDelta"], CultureInfo.InvariantCulture));
        Assert.Equal(defaults.DatasetEpsilon, double.Parse(documented["DatasetEpsilon"], CultureInfo.InvariantCulture));
        Assert.Equal(defaults.DatasetDelta, double.Parse(documented["DatasetDelta"], CultureInfo.InvariantCulture));
        Assert.Equal(defaults.Period, TimeSpan.Parse(documented["Period"], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ParameterRanges_AreTheCodes()
    {
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| epsilon | from {PrivacyParameters.MinEpsilon} to {PrivacyParameters.MaxEpsilon} |"), Text, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| delta | above 0, at most {PrivacyParameters.MaxDelta} "), Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(31)]
    [InlineData(50)]
    [InlineData(100)]
    public void ZcdpWorkedNumber_IsTheConversionOfKLaplaceRuns(int runs)
    {
        const double Epsilon = 0.1;
        var rho = runs * Epsilon * Epsilon / 2;
        var converted = rho + (2 * Math.Sqrt(rho * Math.Log(1e6)));

        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"| {runs} | {Math.Round(runs * Epsilon, 4):0.0} | {Math.Round(converted, 4):0.0000} |"), Text, StringComparison.Ordinal);
        Assert.Equal(runs <= 30, runs * Epsilon < converted);
    }

    private static string Find(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"docs/{name} not found above the test's directory");
    }

    [GeneratedRegex(@"^\| `(\w+)` \| `([^`]+)` \|", RegexOptions.Multiline)]
    private static partial Regex OptionRow();
}
