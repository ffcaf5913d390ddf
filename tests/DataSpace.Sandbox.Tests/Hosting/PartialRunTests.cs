using System.Globalization;
using System.Text;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Tests.Data;
using DataSpace.Sandbox.Tests.Support;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>
/// A job run as tasks (<see cref="JobRequest.Partial"/>, <see cref="SandboxHost.ReleaseParts"/>): each task's exact state
/// stays unreleased, and the merged whole is thresholded once, so the release is the one a single run over all the rows
/// gives; a group small in every part but large in all of them is released, one small in all of them is not.
/// </summary>
public sealed class PartialRunTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private static readonly JobVetting Vetting = new()
    {
        MinGroupSize = 5,
        Measures = [new("income", 0, 1e6), new("tax", 0, 5e5)],
        GroupKeyColumn = "region",
    };

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// Rows of three parts: "north" and "south" in every part; "coast" with 2 rows in each of three parts (6 in all, released
    /// only when merged); "island" with 1 row in each of two parts (2 in all, suppressed, as a single run suppresses it).
    /// </summary>
    private static IEnumerable<(string Region, double Income, double Tax)> Part(int part)
    {
        var random = new Random(part * 31 + 7);
        for (var i = 0; i < 400; i++)
        {
            var income = Math.Round(random.NextDouble() * 90_000, 2);
            yield return (i % 2 == 0 ? "north" : "south", income, Math.Round(income * 0.1, 2));
        }

        yield return ("coast", 1000 + part, 100);
        yield return ("coast", 2000 + part, 200);
        if (part < 2)
        {
            yield return ("island", 77_777, 7_777);
        }
    }

    private string Write(string name, IEnumerable<(string Region, double Income, double Tax)> rows)
    {
        var text = new StringBuilder("region,income,tax\n");
        foreach (var (region, income, tax) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{region},{income:R},{tax:R}\n");
        }

        return _files.WriteText(name, text.ToString());
    }

    private JobRequest Request(IDataSource data, bool partial) => new()
    {
        JobId = "stats",
        Module = fixture.Host.LoadModule(Samples.Module("grouped-stats")),
        Data = data,
        Columns = ["region", "income", "tax"],
        OutputKind = OutputKind.Aggregate,
        Limits = new JobLimits { BatchRows = 128 },
        Vetting = Vetting,
        Partial = partial,
    };

    [Fact]
    public async Task ThreeTasksMerged_ReleaseWhatOneRunOverAllTheRowsReleases()
    {
        var parts = Enumerable.Range(0, 3).Select(p => Write($"part{p}.csv", Part(p))).ToList();
        var whole = Write("whole.csv", Enumerable.Range(0, 3).SelectMany(Part));

        var states = new List<AggregateState>();
        foreach (var path in parts)
        {
            using var data = DataSources.Open(path);
            var task = await fixture.Host.RunAsync(Request(data, partial: true));
            Assert.True(task.Status == JobStatus.Released, $"{task.Status}: {task.Reason} {task.Detail}");
            Assert.Null(task.Aggregate);
            states.Add(Assert.IsType<AggregateState>(task.PartialState));
        }

        JobOutcome single;
        using (var data = DataSources.Open(whole))
        {
            single = await fixture.Host.RunAsync(Request(data, partial: false));
        }

        Assert.Null(single.PartialState);
        var expected = Assert.IsType<AggregateResult>(single.Aggregate);
        var merged = fixture.Host.ReleaseParts(Vetting, states);

        Assert.Equal(["coast", "north", "south"], merged.Groups.Select(g => g.Key));
        Assert.Equal(expected.Groups.Select(g => g.Key), merged.Groups.Select(g => g.Key));
        Assert.Equal(expected.SuppressedGroups, merged.SuppressedGroups);
        Assert.Equal(1, merged.SuppressedGroups);
        Assert.Equal(expected.TotalRows, merged.TotalRows);
        foreach (var (want, got) in expected.Groups.Zip(merged.Groups))
        {
            Assert.Equal(want.Count, got.Count);
            for (var m = 0; m < want.Measures.Count; m++)
            {
                Assert.Equal(want.Measures[m].Sum, got.Measures[m].Sum, Math.Abs(want.Measures[m].Sum) * 1e-12);
            }
        }

        // No task alone would have released "coast" (2 rows each): the threshold is the whole job's.
        Assert.All(states, s => Assert.Equal(2, s.Groups.Single(g => g.Key == "coast").Rows));
    }

    [Fact]
    public async Task ModelOrCustomJob_CannotRunInParts()
    {
        using var data = DataSources.Open(Write("part.csv", Part(0)));
        var request = Request(data, partial: true) with { OutputKind = OutputKind.Custom };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Host.RunAsync(request));

        Assert.Contains("only an aggregate job can run in parts", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleaseParts_WithoutAnyTask_IsRefused() =>
        Assert.Throws<ArgumentException>(() => fixture.Host.ReleaseParts(Vetting, []));
}
