namespace DataSpace.Cli.Tests.Demo;

public sealed class SampleDataTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-sample-data-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Regenerating_the_sample_data_gives_the_committed_bytes()
    {
        var result = await Support.Dsc.RunAsync("demo", "data", "--out", _directory);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        foreach (var file in new[] { "enterprise-tax-2025.csv", "social-insurance-2025.csv" })
        {
            var committed = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "data", file));
            Assert.Equal(committed, await File.ReadAllBytesAsync(Path.Combine(_directory, file)));
        }
    }

    [Fact]
    public async Task The_tax_data_has_small_cells_for_group_suppression_to_show()
    {
        await Support.Dsc.RunAsync("demo", "data", "--out", _directory);
        var rows = (await File.ReadAllLinesAsync(Path.Combine(_directory, "enterprise-tax-2025.csv"))).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(10_000, rows.Count);
        Assert.Equal(10_000, rows.Select(r => r[0]).Distinct().Count());
        var cells = rows.GroupBy(r => (r[1], r[2])).Select(g => g.Count()).ToList();
        Assert.InRange(cells.Count(c => c < 10), 5, 40);
    }
}
