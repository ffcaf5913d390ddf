using System.Globalization;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Negotiation;
using DataSpace.Policy.Pricing;
using DataSpace.Policy.Tests.Negotiation;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>
/// docs/metering.md is true: every policy after a <c>&lt;!-- priced-policy --&gt;</c> marker parses with the real parser
/// into a price schedule, and the worked example's tables are recomputed to the fen.
/// </summary>
public sealed class MeteringDocTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(TestDocuments.Root, "docs", "metering.md"));

    public static TheoryData<int> PolicyIndexes() => new(Enumerable.Range(0, Policies().Count));

    [Fact]
    public void Doc_HasTheFourPricedPolicies()
    {
        Assert.Equal(4, Policies().Count);
    }

    [Theory]
    [MemberData(nameof(PolicyIndexes))]
    public void Policy_ParsesIntoAScheduleAndIsPermittedWithCompensateObligations(int index)
    {
        var parsed = PolicyParser.Parse(Policies()[index]);
        Assert.True(parsed.IsSuccess, parsed.ToString());
        var policy = parsed.Policy!;

        Assert.True(PriceSchedule.TryParse(policy, 0, out var schedule, out var errors), string.Join("; ", errors));
        Assert.Equal(policy.Permissions[0].Duties.Count, schedule!.Components.Count);
        var decision = PolicyEvaluator.Evaluate(policy, new EvaluationRequest
        {
            Action = ActionKind.ComputeAggregate,
            Target = policy.Target!.Uid,
            Purpose = "market-analysis",
            Now = new DateTimeOffset(2026, 11, 2, 9, 0, 0, PricingCalendar.Offset),
        });
        Assert.True(decision.IsPermitted, decision.ToString());
        Assert.Equal(schedule.Components.Select(c => c.Path), decision.Obligations.Where(o => o.Kind == ObligationKind.Compensate).Select(o => o.Source));
    }

    [Theory]
    [InlineData("2026-06-30T23:59:59+08:00", 0, 0)]
    [InlineData("2026-07-01T00:00:00+08:00", 0, 500)]
    [InlineData("2026-07-01T00:00:00+08:00", 100, 300)]
    [InlineData("2027-01-01T00:00:00+08:00", 100, 800)]
    public void StagedPolicy_PricesEachStage(string at, long runsBefore, int fen)
    {
        var schedule = Schedule(1);

        var charge = Pricer.Price(schedule, MeterQuantities.OneRun(0, 0, 0), new MeterQuantities(runsBefore, 0, 0, 0), At(at), null);

        Assert.Equal(fen, charge.TotalFen);
    }

    [Fact]
    public void ProgressivePolicy_AddsServiceAndComputeFees()
    {
        var schedule = Schedule(2);

        // 1,000,000 rows crossing 10 million at 2.00 then 1.50 CNY per 10,000, and 90 CPU-seconds at 0.02 CNY.
        var charge = Pricer.Price(schedule, MeterQuantities.OneRun(1_000_000, 90_000, 1), new MeterQuantities(3, 9_500_000, 0, 0), At("2026-05-01T00:00:00+08:00"), null);

        Assert.Equal(10_000m + 7_500m + 180m, charge.TotalFen);
        Assert.Equal(TierPeriod.Year, schedule.PeriodOf(PriceBasis.PerTenThousandRows));
    }

    [Theory]
    [InlineData("public-health", 0)]
    [InlineData("market-analysis", 15_000)]
    public void PublicInterestPolicy_IsFreeForItsPurposes(string purpose, int fen)
    {
        Assert.Equal(fen, Pricer.Price(Schedule(3), MeterQuantities.OneRun(1000, 10, 3), MeterQuantities.Zero, At("2026-05-01T00:00:00+08:00"), purpose).TotalFen);
    }

    [Fact]
    public void Sample_PricedStatistics_IsTheFirstDocPolicy()
    {
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "policies", "priced-statistics.json"));

        Assert.Equal(TestDocuments.Parse(Policies()[0]), TestDocuments.Parse(sample));
    }

    [Fact]
    public void Agreement_FromThePricedOffer_CarriesTheSameSchedule()
    {
        var parsed = PolicyParser.Parse(Policies()[0]);
        var check = OfferRules.Check(parsed, new OfferContext { DatasetId = "enterprise-tax-2024", Columns = ["region"] });
        Assert.True(check.IsValid, string.Join("; ", check.Errors));

        var outcome = AgreementBuilder.Build(check.Offer!, Agreements.Terms(purpose: "market-analysis") with { Target = "enterprise-tax-2024" });

        Assert.True(outcome.IsConcluded, string.Join("; ", outcome.Reasons));
        Assert.True(PriceSchedule.TryParse(outcome.Agreement!, 0, out var agreed, out _));
        Assert.Equal(Schedule(0), agreed);
    }

    [Fact]
    public void WorkedExample_RunCharges_AreRecomputedToTheFen()
    {
        var rows = Table("worked-example:runs");
        var replay = new PricingReplay(Schedule(0));

        foreach (var row in rows)
        {
            var at = At(row[1]);
            var before = replay.CumulativeAt(at);
            var charge = replay.Next(new MeteredRun(at, "market-analysis", MeterQuantities.OneRun(Long(row[2]), 0, 0), row[3] == "yes"));

            Assert.Equal(Long(row[4]), before.RowsRead);
            Assert.Equal(Number(row[5]), AmountOf(charge, "permission[0].duty[0]"));
            Assert.Equal(Number(row[6]), AmountOf(charge, "permission[0].duty[1]"));
            Assert.Equal(Number(row[7]), AmountOf(charge, "permission[0].duty[2]"));
            Assert.Equal(Number(row[8]), charge.TotalFen);
        }
    }

    [Fact]
    public void WorkedExample_TotalsAndSplit_AreRecomputedToTheFen()
    {
        var charges = PricingReplay.Replay(Schedule(0), Table("worked-example:runs")
            .Select(r => new MeteredRun(At(r[1]), "market-analysis", MeterQuantities.OneRun(Long(r[2]), 0, 0), r[3] == "yes")));
        var totals = Table("worked-example:totals").ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
        var before = Fen.FromYuan(Number(totals["cumulative revenue before November (CNY)"]));

        var (exact, charged) = RunCharge.Total(charges);
        var split = ShareSchedule.Default.Split(charged, before);

        Assert.Equal(Number(totals["exact total (fen)"]), exact);
        Assert.Equal(Number(totals["charged, rounded up once (fen)"]), charged.Value);
        Assert.Equal(Number(totals["charged (CNY)"]), charged.Value / 100m);
        var table = Table("worked-example:split");
        Assert.Equal(
            table.SkipLast(1).Select(r => (Long(r[1]), (int)Number(r[2]) * 100, Long(r[3]), Long(r[4]))),
            split.Lines.Select(l => (l.Amount.Value, l.SupplierBasisPoints, l.Supplier.Value, l.Operator.Value)));
        Assert.Equal((Long(table[^1][1]), Long(table[^1][3]), Long(table[^1][4])), (split.Total.Value, split.Supplier.Value, split.Operator.Value));
    }

    /// <summary>The JSON of each <c>```json</c> block right after a <c>&lt;!-- priced-policy --&gt;</c> line.</summary>
    private static List<string> Policies()
    {
        var policies = new List<string>();
        for (var i = 0; i < Lines.Length; i++)
        {
            if (Lines[i].Trim() == "<!-- priced-policy -->" && Lines[i + 1].Trim() == "```json")
            {
                var end = Array.FindIndex(Lines, i + 2, l => l.Trim() == "```");
                policies.Add(string.Join('\n', Lines[(i + 2)..end]));
            }
        }

        return policies;
    }

    private static PriceSchedule Schedule(int index)
    {
        Assert.True(PriceSchedule.TryParse(TestDocuments.Parse(Policies()[index]), 0, out var schedule, out var errors), string.Join("; ", errors));
        return schedule!;
    }

    /// <summary>The body rows of the markdown table after <c>&lt;!-- marker --&gt;</c>, cells trimmed.</summary>
    private static List<string[]> Table(string marker)
    {
        var start = Array.FindIndex(Lines, l => l.Trim() == $"<!-- {marker} -->");
        Assert.True(start >= 0, $"no marker {marker} in docs/metering.md");
        return [.. Lines.Skip(start + 3).TakeWhile(l => l.StartsWith('|')).Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())];
    }

    private static decimal AmountOf(RunCharge charge, string component) => charge.Lines.Where(l => l.Component == component).Sum(l => l.AmountFen);

    private static decimal Number(string cell) => decimal.Parse(cell.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static long Long(string cell) => (long)Number(cell);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
