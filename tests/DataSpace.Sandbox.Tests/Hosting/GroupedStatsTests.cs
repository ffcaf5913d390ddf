using System.Globalization;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Tests.Data;
using DataSpace.Sandbox.Tests.Support;
using Parquet.Schema;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>
/// The statistics job (C, WAT and AssemblyScript builds) over real CSV, Parquet and Arrow files, through the
/// real readers, Wasmtime and the host's aggregation, against a naive computation of the same statistics.
/// </summary>
public sealed class GroupedStatsTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private const int Rows = 3_000;
    private static readonly string[] Regions = ["north", "south", "east", "west"];

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    private static readonly JobVetting Manifest = new()
    {
        MinGroupSize = 5,
        Measures = [new("income", 0, 1e6), new("tax", 0, 5e5)],
        GroupKeyColumn = "region",
    };

    /// <summary>Row i: region (a few nulls, and a rare region of 3 rows), income (nulls, a NaN, an infinity, an outlier), tax.</summary>
    private static (string? Region, int? Code, double? Income, double Tax) Row(int i)
    {
        var random = new Random(i * 7919);
        var income = Math.Round(random.NextDouble() * 150_000, 2);
        var region = i % 97 == 13 ? null : i < 3 ? "island" : Regions[random.Next(Regions.Length)];
        return (region, region is null ? null : region == "island" ? 99 : 11 + System.Array.IndexOf(Regions, region),
            i % 50 == 7 ? null : i == 100 ? double.NaN : i == 200 ? double.PositiveInfinity : i == 300 ? 5e6 : income,
            Math.Round(income * 0.12, 2));
    }

    private static Dictionary<string, (long Count, double Income, long IncomeRows, double Tax)> Expected(bool byCode)
    {
        var expected = new Dictionary<string, (long Count, double Income, long IncomeRows, double Tax)>();
        for (var i = 0; i < Rows; i++)
        {
            var (region, code, income, tax) = Row(i);
            if (region is null)
            {
                continue;
            }

            var key = byCode ? code!.Value.ToString(CultureInfo.InvariantCulture) : region;
            var totals = expected.GetValueOrDefault(key);
            totals.Count++;
            totals.Tax += tax;
            if (income is { } value && !double.IsNaN(value))
            {
                totals.Income += Math.Clamp(value, 0, 1e6);
                totals.IncomeRows++;
            }

            expected[key] = totals;
        }

        return expected;
    }

    /// <summary>The rows as CSV; <paramref name="regionNulls"/> false leaves out the rows without a region (which no group holds).</summary>
    private string WriteCsv(bool regionNulls = true)
    {
        var text = new StringBuilder("region,income,tax\n");
        for (var i = 0; i < Rows; i++)
        {
            var (region, _, income, tax) = Row(i);
            if (region is null && !regionNulls)
            {
                continue;
            }

            var shownIncome = income switch
            {
                null => "",
                double.NaN => "",
                double.PositiveInfinity => "1000000",
                var v => v.Value.ToString("R", CultureInfo.InvariantCulture),
            };
            text.Append(CultureInfo.InvariantCulture, $"{region},{shownIncome},{tax.ToString("R", CultureInfo.InvariantCulture)}\n");
        }

        return _files.WriteText(regionNulls ? "tax.csv" : "tax-regions.csv", text.ToString());
    }

    private async Task<string> WriteParquetAsync()
    {
        var path = _files.File("tax.parquet");
        var region = new DataField<string>("region");
        var income = new DataField<double?>("income");
        var tax = new DataField<double>("tax");
        const int groups = 3;
        await ParquetFiles.WriteAsync(path, new ParquetSchema(region, income, tax), groups, async (writer, group) =>
        {
            var rows = Enumerable.Range(group * Rows / groups, Rows / groups).Select(Row).ToArray();
            await writer.WriteAsync(region, rows.Select(r => r.Region).ToArray()!);
            await writer.WriteAsync<double>(income, rows.Select(r => r.Income).ToArray());
            await writer.WriteAsync<double>(tax, rows.Select(r => r.Tax).ToArray());
        });
        return path;
    }

    private async Task<string> WriteArrowAsync()
    {
        var path = _files.File("tax.arrow");
        var code = new Int32Array.Builder();
        var income = new DoubleArray.Builder();
        var tax = new DoubleArray.Builder();
        for (var i = 0; i < Rows; i++)
        {
            var row = Row(i);
            if (row.Code is { } c)
            {
                code.Append(c);
            }
            else
            {
                code.AppendNull();
            }

            if (row.Income is { } v)
            {
                income.Append(v);
            }
            else
            {
                income.AppendNull();
            }

            tax.Append(row.Tax);
        }

        var batch = new RecordBatch.Builder().Append("region", true, code.Build()).Append("income", true, income.Build()).Append("tax", false, tax.Build()).Build();
        await using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, batch.Schema);
        await writer.WriteRecordBatchAsync(batch);
        await writer.WriteEndAsync();
        return path;
    }

    private async Task<JobOutcome> Run(byte[] wasm, string path, JobVetting? vetting = null)
    {
        using var data = DataSources.Open(path);
        return await fixture.Host.RunAsync(new JobRequest
        {
            JobId = "stats",
            Module = fixture.Host.LoadModule(wasm),
            Data = data,
            Columns = ["region", "income", "tax"],
            OutputKind = OutputKind.Aggregate,
            Limits = new JobLimits { BatchRows = 700 },
            Vetting = vetting ?? Manifest,
        });
    }

    private static void AssertMatches(JobOutcome outcome, bool byCode, int rows = Rows)
    {
        Assert.True(outcome.Status == JobStatus.Released, $"{outcome.Status}: {outcome.Reason} {outcome.Detail}");
        var result = Assert.IsType<AggregateResult>(outcome.Aggregate);
        var expected = Expected(byCode);
        var released = expected.Where(e => e.Value.Count >= 5).ToDictionary();
        Assert.Equal(released.Keys.Order(StringComparer.Ordinal), result.Groups.Select(g => g.Key));
        Assert.Equal(1, result.SuppressedGroups);
        Assert.Equal(["income", "tax"], result.Measures.Select(m => m.Name));
        foreach (var group in result.Groups)
        {
            var want = released[group.Key];
            Assert.Equal(want.Count, group.Count);
            Assert.Equal(want.Income, group.Measures[0].Sum, want.Income * 1e-12);
            Assert.Equal(want.Tax, group.Measures[1].Sum, want.Tax * 1e-12);
            Assert.Equal(want.Tax / want.Count, group.Measures[1].Mean, 1e-6);
        }

        Assert.Equal(rows, outcome.Statistics.RowsRead);
    }

    [Fact]
    public async Task C_job_over_parquet_with_string_regions() =>
        AssertMatches(await Run(Samples.Module("grouped-stats"), await WriteParquetAsync()), byCode: false);

    [Fact]
    public async Task C_job_over_csv() =>
        AssertMatches(await Run(Samples.Module("grouped-stats"), WriteCsv()), byCode: false);

    [Fact]
    public async Task C_job_over_arrow_with_int32_regions() =>
        AssertMatches(await Run(Samples.Module("grouped-stats"), await WriteArrowAsync()), byCode: true);

    [Fact]
    public async Task Wat_job_gives_the_same_statistics() =>
        AssertMatches(await Run(Wat.File(Path.Combine("Samples", "jobs", "grouped-stats-wat", "grouped-stats.wat")), await WriteArrowAsync()), byCode: true);

    [Fact]
    public async Task AssemblyScript_job_gives_the_same_statistics() =>
        AssertMatches(await Run(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "jobs", "grouped-stats-as", "grouped-stats.wasm")), await WriteArrowAsync()), byCode: true);

    [Fact]
    public async Task With_laplace_noise_the_counts_move_and_the_budget_is_reported()
    {
        var outcome = await Run(Samples.Module("grouped-stats"), await WriteArrowAsync(), Manifest with { Mechanism = NoiseMechanism.Laplace, Epsilon = 1.0 });

        var result = Assert.IsType<AggregateResult>(outcome.Aggregate);
        Assert.Equal(1.0, result.EpsilonSpent, 12);
        Assert.Equal(3, result.Queries);
        Assert.Null(result.TotalRows);
        var exact = Expected(byCode: true);
        Assert.Contains(result.Groups, g => g.Count != exact[g.Key].Count);
        Assert.All(result.Groups, g => Assert.InRange(g.Count, exact[g.Key].Count - 60, exact[g.Key].Count + 60));
    }

    [Fact]
    public async Task A_measure_the_manifest_does_not_declare_is_refused()
    {
        var outcome = await Run(Samples.Module("grouped-stats"), WriteCsv(), Manifest with { Measures = [new("income", 0, 1e6)] });
        Assert.Equal(JobFailureKind.Violation, outcome.Failure);
        Assert.Contains("'tax' is not among the measures of the approved manifest", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(JobReasons.Violation, outcome.Reason);
    }

    [Fact]
    public async Task Bounds_other_than_the_manifests_are_refused()
    {
        var outcome = await Run(Samples.Module("grouped-stats"), WriteCsv(), Manifest with { Measures = [new("income", 0, 2e5), new("tax", 0, 5e5)] });
        Assert.Equal(JobFailureKind.Violation, outcome.Failure);
        Assert.Contains("bounds [0, 1000000] of 'income' differ from the approved manifest's [0, 200000]", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_group_key_column_or_approved_keys_a_job_cannot_make_groups()
    {
        var outcome = await Run(Samples.Module("grouped-stats"), WriteCsv(), Manifest with { GroupKeyColumn = null });
        Assert.Equal(JobFailureKind.Violation, outcome.Failure);
        Assert.Contains("group: the key is not among the approved manifest's group keys", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approved_group_keys_need_no_key_column()
    {
        var outcome = await Run(Samples.Module("grouped-stats"), WriteCsv(), Manifest with { GroupKeyColumn = null, GroupKeys = [.. Regions, "island"] });
        AssertMatches(outcome, byCode: false);
    }

    [Fact]
    public async Task A_string_key_column_without_nulls_releases_the_same_statistics()
    {
        // The host checks such a column's keys on a path of its own (no nulls, no per-row type switch).
        var outcome = await Run(Samples.Module("grouped-stats"), WriteCsv(regionNulls: false));
        AssertMatches(outcome, byCode: false, rows: Enumerable.Range(0, Rows).Count(i => Row(i).Region is not null));
    }

    [Theory]
    [InlineData("secret-7", "csv")]
    [InlineData("11", "arrow")]
    [InlineData("11", "codes")]
    [InlineData("secret-7", "strings")]
    [InlineData("north", "strings")]
    [InlineData("nort", "strings")]
    [InlineData("northh", "strings")]
    [InlineData("", "strings")]
    [InlineData("secret-7", "parquet")]
    [InlineData("north", "parquet")]
    public async Task A_group_named_after_something_else_than_its_rows_value_stops_the_job(string key, string source)
    {
        // Puts every row of the first batch under one key, whatever its region, then moves on to the next batch (so the
        // first is checked as it is let go, not at the end): "secret-7" would be released
        // with the statistics of ordinary rows, so a key could carry anything the job read; "11" is a real
        // region code, but most rows of the batch are in other regions.
        var leak = Wat.Job(
            """
            (import "dsc" "next_batch" (func $next (result i32)))
            (import "dsc" "group" (func $group (param i32 i32) (result i32)))
            (import "dsc" "assign" (func $assign (param i32 i32 i32)))
            """,
            """
            (local $g i32) (local $n i32) (local $i i32)
            (local.set $g (call $group (i32.const 0) (i32.const KEYLENGTH)))
            (local.set $n (call $next))
            (block $done (loop $fill
              (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
              (i32.store (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 2))) (local.get $g))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $fill)))
            (call $assign (i32.const 0) (i32.const 4096) (local.get $n))
            (drop (call $next))
            i32.const 0
            """.Replace("KEYLENGTH", key.Length.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            $"(data (i32.const 0) \"{key}\")");

        // csv: a string column with nulls; arrow: int32 codes from a file; codes: an int32 code column without nulls (the
        // host's fast path), from memory; strings: a string column without nulls (the host's other fast path), where
        // "north" is a real region, "nort" its prefix, "northh" one byte more and "" the empty key; parquet: batches the
        // job owns and disposes when it takes the next one (each is checked before it is let go).
        var outcome = source == "codes"
            ? await fixture.Host.RunAsync(new JobRequest
            {
                JobId = "codes",
                Module = fixture.Host.LoadModule(leak),
                Data = Samples.TaxData(2_000),
                Columns = ["region", "income", "tax"],
                OutputKind = OutputKind.Aggregate,
                Vetting = Manifest,
            })
            : await Run(leak, source switch
            {
                "arrow" => await WriteArrowAsync(),
                "csv" => WriteCsv(),
                "parquet" => await WriteParquetAsync(),
                _ => WriteCsv(regionNulls: false),
            });

        Assert.Equal(JobFailureKind.Violation, outcome.Failure);
        Assert.Contains("neither approved nor its value in the group-key column", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.Aggregate);
    }
}
