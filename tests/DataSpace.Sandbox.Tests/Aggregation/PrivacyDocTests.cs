using System.Text.Json;
using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

/// <summary>docs/sandbox-privacy.md shows an aggregate module's (exact) AggregateResult; it must still be one, and a consistent one.</summary>
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
        Assert.Equal(NoiseMechanism.None, result.Mechanism);
        Assert.Equal(0, measure.Granularity);
        Assert.Equal(new MeasureDeclaration(measure.Name, measure.Lower, measure.Upper).Sensitivity, measure.Sensitivity);
        Assert.Equal(value.Sum / result.Groups[0].Count, value.Mean);
        Assert.Equal((0, 0.0, 0.0), (result.Queries, result.EpsilonSpent, result.EpsilonPerQuery));
        Assert.True(result.TotalRows >= result.Groups.Sum(g => g.Count));
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
