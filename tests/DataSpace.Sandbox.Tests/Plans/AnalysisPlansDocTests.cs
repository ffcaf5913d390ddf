using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Plans;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Plans;

/// <summary>docs/analysis-plans.md: its plans parse, bind to the sample datasets and run; its result is a consistent one; its limits are the code's.</summary>
public sealed class AnalysisPlansDocTests
{
    private static readonly string Doc = RepositoryFiles.Find("docs/analysis-plans.md");

    [Fact]
    public void The_example_plans_parse_bind_to_the_sample_data_and_run()
    {
        var plans = RepositoryFiles.Blocks(Doc, "json plan").Select(p => PlanDocument.Parse(Encoding.UTF8.GetBytes(p)).Plan).ToList();
        Assert.Equal(2, plans.Count);
        using var tax = DataSources.Open(RepositoryFiles.Find("samples/data/enterprise-tax-2025.csv"), DataFormat.Csv);
        using var social = DataSources.Open(RepositoryFiles.Find("samples/data/social-insurance-2025.csv"), DataFormat.Csv);
        var identifying = new HashSet<string>(StringComparer.Ordinal) { "enterprise_id" };
        var taxDataset = new PlanDataset { Id = "enterprise-tax-2025", Schema = tax.Schema, IdentifyingColumns = identifying };
        var socialDataset = new PlanDataset { Id = "social-insurance-2025", Schema = social.Schema, IdentifyingColumns = identifying };
        var release = new PlanReleaseOptions { Mechanism = NoiseMechanism.Laplace, Epsilon = 1, MinGroupSize = 10 };

        var grouped = PlanRunner.Run(new PlanRun { Plan = plans[0], Dataset = taxDataset, Data = tax, Release = release }, CancellationToken.None);
        var joined = PlanRunner.Run(new PlanRun
        {
            Plan = plans[1], Dataset = taxDataset, Data = tax, JoinedDataset = socialDataset, JoinedData = social, Release = release,
        }, CancellationToken.None);

        Assert.Equal(5, grouped.Queries);
        Assert.Equal(["region", "size"], grouped.Dimensions);
        Assert.Contains(grouped.Groups, g => g.Key[0] == "Chaoyang" && g.Values[0].Quantiles!.Count == 2);
        Assert.Equal(3, joined.Queries);
        Assert.Equal(4, joined.Groups.Count);
        Assert.Equal(10_000, joined.RowsRead);
    }

    [Fact]
    public void The_example_result_is_a_consistent_noisy_release()
    {
        var json = Assert.Single(RepositoryFiles.Blocks(Doc, "json result"));
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        };

        var result = JsonSerializer.Deserialize<PlanResult>(json, options)!;

        var measure = Assert.Single(result.Measures);
        var granularity = Math.ScaleB(Math.Max(Math.Abs(measure.Lower), Math.Abs(measure.Upper)), -MeasureDeclaration.GridBits);
        Assert.Equal(NoiseMechanism.Laplace, result.Mechanism);
        Assert.Equal(1 + result.Measures.Count, result.Queries);
        Assert.All(result.Groups, g =>
        {
            var value = Assert.Single(g.Values);
            Assert.Equal(Math.Round(value.Sum / granularity), value.Sum / granularity);
            Assert.Equal(value.Sum / g.Count, value.Mean);
            Assert.True(g.Count >= result.MinGroupSize);
        });
    }

    [Fact]
    public void The_limits_table_states_the_codes_limits()
    {
        var doc = File.ReadAllText(Doc);

        Assert.Contains($"| plan size | {PlanLimits.MaxBytes / 1024} KiB |", doc, StringComparison.Ordinal);
        Assert.Contains($"| dimensions | {PlanLimits.MaxDimensions} |", doc, StringComparison.Ordinal);
        Assert.Contains($"| groups (product of the domains) | {PlanLimits.MaxGroups:N0} |", doc, StringComparison.Ordinal);
        Assert.Contains($"| measures | {PlanLimits.MaxMeasures} |", doc, StringComparison.Ordinal);
        Assert.Contains($"| filters | {PlanLimits.MaxFilters}, each with at most {PlanLimits.MaxFilterValues} literals |", doc, StringComparison.Ordinal);
        Assert.Contains($"| bucket or histogram edges | 2 to {PlanLimits.MaxBounds} |", doc, StringComparison.Ordinal);
        Assert.Contains($"| quantiles per measure | {PlanLimits.MaxQuantiles} |", doc, StringComparison.Ordinal);
        Assert.Contains($"| names, ids and string literals | {PlanLimits.MaxText} characters", doc, StringComparison.Ordinal);
        Assert.Contains($"| derived columns | {PlanLimits.MaxDerived}, each with at most {RowFunction.MaxInputs} inputs and a module of at most {RowFunction.MaxBytes / 1024} KiB |", doc, StringComparison.Ordinal);
        Assert.Contains($"Each call gets {RowFunction.FuelPerRow:N0} units of fuel", doc, StringComparison.Ordinal);
        Assert.Equal(1e15, PlanLimits.MaxMagnitude);
    }
}
