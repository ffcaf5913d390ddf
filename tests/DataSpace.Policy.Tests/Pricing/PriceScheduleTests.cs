using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>Reading a permission's compensate duties into a price schedule: what is read, and every refusal with its path.</summary>
public sealed class PriceScheduleTests
{
    [Fact]
    public void TryParse_TieredRowsAndFlatRun_ReadsEachComponentInMeterUnits()
    {
        var schedule = Prices.Schedule(
            Prices.Duty("20.00", "perRun"),
            Prices.Duty("1.00", "perTenThousandRows", Prices.Tier(null, "1000000") + """, {"leftOperand": "dsc:tierPeriod", "operator": "eq", "rightOperand": "P1Y"}"""),
            Prices.Duty("0.8", "perTenThousandRows", Prices.Tier("1000000", null) + """, {"leftOperand": "dsc:tierPeriod", "operator": "eq", "rightOperand": "P1Y"}"""),
            Prices.Duty("0.0125", "perCpuSecond", Prices.Tier("3600.5", null)));

        Assert.Equal(
            [
                ("permission[0].duty[0]", PriceBasis.PerRun, 20m, 0L, (long?)null),
                ("permission[0].duty[1]", PriceBasis.PerTenThousandRows, 1m, 0L, 1_000_000L),
                ("permission[0].duty[2]", PriceBasis.PerTenThousandRows, 0.8m, 1_000_000L, null),
                ("permission[0].duty[3]", PriceBasis.PerCpuSecond, 0.0125m, 3_600_500L, null),
            ],
            schedule.Components.Select(c => (c.Path, c.Basis, c.Rate, c.TierFrom, c.TierTo)));
        Assert.Equal(TierPeriod.Year, schedule.PeriodOf(PriceBasis.PerTenThousandRows));
        Assert.Equal(TierPeriod.Month, schedule.PeriodOf(PriceBasis.PerCpuSecond));
        Assert.False(schedule.IsFree);
    }

    [Fact]
    public void TryParse_NoCompensateDuty_IsFree()
    {
        var policy = TestDocuments.Parse("""
            {"@context": "http://www.w3.org/ns/odrl.jsonld", "@type": "Offer", "target": "urn:dataset:x",
             "permission": [{"action": "use", "duty": [{"action": "inform"}]}]}
            """);

        Assert.True(PriceSchedule.TryParse(policy, 0, out var schedule, out var errors));
        Assert.Empty(errors);
        Assert.True(schedule!.IsFree);
        Assert.False(PriceSchedule.HasPrice(policy.Permissions[0]));
    }

    [Fact]
    public void TryParse_OdrlRefinementFormAndIsoUnit_AreRead()
    {
        var schedule = Prices.Schedule("""
            {"action": [{"rdf:value": {"@id": "odrl:compensate"}, "refinement": [
               {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "5.00", "@type": "xsd:decimal"}, "unit": "urn:iso:std:iso:4217:CNY"}]}],
             "constraint": [{"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": "dsc:perRelease"}]}
            """);

        var component = Assert.Single(schedule.Components);
        Assert.Equal((PriceBasis.PerRelease, 5m), (component.Basis, component.Rate));
    }

    [Fact]
    public void TryParse_StagesAndPurposes_AreRead()
    {
        var schedule = Prices.Schedule(
            Prices.Duty("0", "perRun", """{"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["public-health", "disaster-relief"]}"""),
            Prices.Duty("10", "perRun", Prices.Stage("2026-01-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00")
                + """, {"leftOperand": "purpose", "operator": "isNoneOf", "rightOperand": ["public-health", "disaster-relief"]}"""));

        var stage = schedule.Components[1];
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), stage.NotBefore);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)), stage.Before);
        Assert.Equal(new PurposeRule(false, ["public-health", "disaster-relief"]), stage.Purpose);
        Assert.True(schedule.Components[0].Purpose!.Matches("public-health"));
        Assert.False(schedule.Components[0].Purpose!.Matches(null));
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { Prices.Duty("1", "perMinute"), "permission[0].duty[0].constraint[1].rightOperand", "unknown price basis https://dataspace.example/odrl/profile#perMinute" },
        { Prices.Duty("-1", "perRun"), "permission[0].duty[0].constraint[0].rightOperand", "payAmount -1 CNY is not between 0 and 1000000" },
        { Prices.Duty("0.00001", "perRun"), "permission[0].duty[0].constraint[0].rightOperand", "has more than four decimals" },
        { Prices.Duty("1000000.01", "perRun"), "permission[0].duty[0].constraint[0].rightOperand", "is not between 0 and 1000000" },
        { Prices.Duty("1", "perRun").Replace("dsc:CNY", "http://dbpedia.org/resource/Euro", StringComparison.Ordinal), "permission[0].duty[0].constraint[0].unit", "payAmount must be in CNY" },
        { Prices.Duty("1", "perRun").Replace(""", "unit": "dsc:CNY" """.TrimEnd(), "", StringComparison.Ordinal), "permission[0].duty[0].constraint[0].unit", "found no unit" },
        {
            """{"action": "compensate", "constraint": [{"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]}""",
            "permission[0].duty[0]", "needs a payAmount eq constraint"
        },
        {
            """{"action": "compensate", "constraint": [{"leftOperand": "payAmount", "operator": "eq", "rightOperand": 1, "unit": "dsc:CNY"}]}""",
            "permission[0].duty[0]", "needs a dsc:priceBasis eq constraint"
        },
        { Prices.Duty("1", "perRun", """{"leftOperand": "event", "operator": "lt", "rightOperand": {"@id": "odrl:policyUsage"}}"""), "permission[0].duty[0].constraint[2]", "'event' is not part of the price profile" },
        { Prices.Duty("1", "perRun", """{"leftOperand": "dsc:cumulativeUsage", "operator": "gt", "rightOperand": 5}"""), "permission[0].duty[0].constraint[2].operator", "dsc:cumulativeUsage gt is not part of the price profile; dsc:cumulativeUsage takes gteq and lt" },
        { Prices.Duty("1", "perRun", Prices.Tier("10", "10")), "permission[0].duty[0].constraint[3].rightOperand", "upper bound (lt) must be above its lower bound" },
        { Prices.Duty("1", "perRun", Prices.Tier("1.5", null)), "permission[0].duty[0].constraint[2].rightOperand", "is not a whole number of runs" },
        { Prices.Duty("1", "perCpuSecond", Prices.Tier("1.0005", null)), "permission[0].duty[0].constraint[2].rightOperand", "CPU-seconds with at most three decimals" },
        { Prices.Duty("1", "perRun", """{"leftOperand": "dsc:tierPeriod", "operator": "eq", "rightOperand": "P3M"}"""), "permission[0].duty[0].constraint[2].rightOperand", "dsc:tierPeriod must be P1M or P1Y, found 'P3M'" },
        { Prices.Duty("1", "perRun", Prices.Stage("2027-01-01T00:00:00Z", "2026-01-01T00:00:00Z")), "permission[0].duty[0]", "the stage starts" },
        { Prices.Duty("1", "perRun", """{"leftOperand": "purpose", "operator": "eq", "rightOperand": "research"}"""), "permission[0].duty[0].constraint[2].operator", "purpose takes isAnyOf or isNoneOf" },
        { Prices.Duty("1", "perRun", """{"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRelease"}}"""), "permission[0].duty[0].constraint[2]", "dsc:priceBasis eq appears twice" },
        { Prices.Duty("1", "perRun", """{"and": [{"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["a"]}]}"""), "permission[0].duty[0].constraint[2]", "a logical constraint is not supported in a price" },
        { Prices.Duty("1", "perRun", """{"leftOperand": "dateTime", "operator": "gteq", "rightOperand": "2026-01-01T00:00:00Z", "unit": "dsc:CNY"}"""), "permission[0].duty[0].constraint[2]", "only payAmount takes a unit" },
        { Prices.Duty("1", "perRun", """{"leftOperand": "dsc:cumulativeUsage", "operator": "lt", "rightOperandReference": "http://example.com/limit"}"""), "permission[0].duty[0].constraint[2]", "a rightOperandReference is not supported" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void TryParse_MalformedComponent_IsRefusedAtItsPath(string duty, string path, string message)
    {
        var error = Prices.Refusal(duty);

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "100", "50", null)]
    [InlineData(null, null, null, null)]
    [InlineData("0", "100", "99", "200")]
    public void TryParse_OverlappingTiersOfOneBasis_AreRefused(string? from1, string? to1, string? from2, string? to2)
    {
        var error = Prices.Refusal(Prices.Duty("1", "perRun", Prices.Tier(from1, to1)), Prices.Duty("2", "perRun", Prices.Tier(from2, to2)));

        Assert.Equal("permission[0].duty[1]", error.Path);
        Assert.Contains("overlaps permission[0].duty[0]", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_SameTiersInDisjointStagesOrPurposes_AreAccepted()
    {
        var schedule = Prices.Schedule(
            Prices.Duty("0", "perRun", Prices.Stage(null, "2026-01-01T00:00:00Z")),
            Prices.Duty("5", "perRun", Prices.Stage("2026-01-01T00:00:00Z", null) + """, {"leftOperand": "purpose", "operator": "isNoneOf", "rightOperand": ["public-health"]}"""),
            Prices.Duty("1", "perRun", Prices.Stage("2026-01-01T00:00:00Z", null) + """, {"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["public-health"]}"""),
            Prices.Duty("1", "perRelease", Prices.Tier(null, "10")),
            Prices.Duty("0.5", "perRelease", Prices.Tier("20", null)));

        Assert.Equal(5, schedule.Components.Count);
    }

    [Fact]
    public void TryParse_PurposeListsThatShareAPurpose_Overlap()
    {
        var error = Prices.Refusal(
            Prices.Duty("0", "perRun", """{"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": ["public-health", "research"]}"""),
            Prices.Duty("5", "perRun", """{"leftOperand": "purpose", "operator": "isNoneOf", "rightOperand": ["public-health"]}"""));

        Assert.Equal("permission[0].duty[1]", error.Path);
    }

    [Fact]
    public void TryParse_TieredComponentsOfOneBasisWithDifferentPeriods_AreRefused()
    {
        var error = Prices.Refusal(
            Prices.Duty("1", "perRun", Prices.Tier(null, "10")),
            Prices.Duty("2", "perRun", Prices.Tier("10", null) + """, {"leftOperand": "dsc:tierPeriod", "operator": "eq", "rightOperand": "P1Y"}"""));

        Assert.Equal("permission[0].duty[1].constraint[3].rightOperand", error.Path);
        Assert.Contains("tier period P1Y differs from P1M of permission[0].duty[0]", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PriceOperandInThePermissionOrAPolicyObligation_IsRefused()
    {
        var policy = TestDocuments.Parse("""
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Offer", "target": "urn:dataset:x",
             "permission": [{"action": "use", "constraint": [{"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]}],
             "obligation": [{"action": "compensate"}]}
            """);

        Assert.False(PriceSchedule.TryParse(policy, 0, out _, out var errors));
        Assert.Equal(["obligation[0]", "permission[0].constraint[0]"], errors.Select(e => e.Path));
    }

    [Fact]
    public void TryParse_NewOperands_AreInTheVocabulary()
    {
        var duty = Assert.Single(Prices.Policy(Prices.Duty("1", "perRun", Prices.Tier("1", "2"))).Permissions[0].Duties);

        Assert.Equal(
            [LeftOperand.PayAmount, LeftOperand.PriceBasis, LeftOperand.CumulativeUsage, LeftOperand.CumulativeUsage],
            duty.Constraints.Cast<Constraint>().Select(c => c.LeftOperand));
    }

    [Fact]
    public void TryParse_EveryErrorIsAPolicyError_WithAKind()
    {
        var error = Prices.Refusal(Prices.Duty("1", "perMinute"));

        Assert.Equal(PolicyErrorKind.InvalidValue, error.Kind);
    }
}
