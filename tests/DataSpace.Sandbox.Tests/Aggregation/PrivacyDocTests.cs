using System.Text.Json;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

/// <summary>docs/sandbox-privacy.md shows an AggregateResult; it must still be one, and a consistent one.</summary>
public sealed class PrivacyDocTests
{
    [Fact]
    public void Example_InPrivacyDoc_IsAConsistentAggregateResult()
    {
        var doc = File.ReadAllText(FindRepositoryFile("docs/sandbox-privacy.md"));
        var start = doc.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var json = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];

        var result = JsonSerializer.Deserialize<AggregateResult>(json, new JsonSerializerOptions { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow })!;

        var measure = result.Measures[0];
        var value = result.Groups[0].Measures[0];
        Assert.Equal(NoiseMechanism.Laplace, result.Mechanism);
        Assert.Equal(new MeasureDeclaration(measure.Name, measure.Lower, measure.Upper).Granularity, measure.Granularity);
        Assert.Equal(Math.Round(value.Sum / measure.Granularity), value.Sum / measure.Granularity);
        Assert.Equal(value.Sum / result.Groups[0].Count, value.Mean);
        Assert.Equal(1 + result.Measures.Count, result.Queries);
        Assert.Equal(result.EpsilonSpent / result.Queries, result.EpsilonPerQuery);
        Assert.Null(result.TotalRows);
    }

    private static string FindRepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(relative);
    }
}
