using DataSpace.Policy.Pricing;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>Revenue shares: marginal brackets, exact sums, rounding in the supplier's favour, configuration strings.</summary>
public sealed class ShareScheduleTests
{
    [Fact]
    public void Split_PeriodCrossing200000Cny_SharesEachSideAtItsBracket()
    {
        var split = ShareSchedule.Default.Split(Fen.FromYuan(50_000m), Fen.FromYuan(180_000m));

        Assert.Equal((Fen.FromYuan(28_000m), Fen.FromYuan(22_000m)), (split.Supplier, split.Operator));
        Assert.Equal(
            [(Fen.FromYuan(20_000m), 5000, Fen.FromYuan(10_000m)), (Fen.FromYuan(30_000m), 6000, Fen.FromYuan(18_000m))],
            split.Lines.Select(l => (l.Amount, l.SupplierBasisPoints, l.Supplier)));
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(4, 2, 2)]
    public void Split_OddFen_GoesToTheSupplier(long total, long supplier, long @operator)
    {
        var split = ShareSchedule.Default.Split(new Fen(total), Fen.Zero);

        Assert.Equal((new Fen(supplier), new Fen(@operator)), (split.Supplier, split.Operator));
    }

    [Fact]
    public void Split_AboveEveryBracket_UsesTheLastRate()
    {
        var split = ShareSchedule.Default.Split(new Fen(7), Fen.FromYuan(300_000m));

        Assert.Equal((new Fen(5), new Fen(2)), (split.Supplier, split.Operator));
        Assert.Null(Assert.Single(split.Lines).To);
    }

    [Fact]
    public void Split_Nothing_HasNoLines()
    {
        var split = ShareSchedule.Default.Split(Fen.Zero, Fen.FromYuan(1m));

        Assert.Equal((Fen.Zero, Fen.Zero, 0), (split.Supplier, split.Operator, split.Lines.Count));
    }

    [Fact]
    public void TryParse_ConfigurationStrings_GiveTheDefault()
    {
        Assert.True(ShareSchedule.TryParse(["0=50", " 200000 = 60 "], out var schedule, out var error), error);

        Assert.Equal(ShareSchedule.Default, schedule);
        Assert.Equal(["0=50", "200000=60"], ShareSchedule.Default.ToStrings());
        Assert.True(ShareSchedule.TryParse(["0=33.33", "1000.50=70"], out var other, out _));
        Assert.Equal(["0=33.33", "1000.50=70"], other!.ToStrings());
    }

    [Theory]
    [InlineData("100=50", "the first share bracket must start at 0 CNY")]
    [InlineData("0=101", "'101' is not a supplier percentage from 0 to 100")]
    [InlineData("0=50.125", "'50.125' is not a supplier percentage")]
    [InlineData("0:50", "'0:50' is not FROM=PERCENT")]
    [InlineData("0.001=50", "more than two decimals")]
    [InlineData("-5=50", "is not an amount in CNY")]
    public void TryParse_BadBracket_IsRefusedWithAReason(string bracket, string message)
    {
        Assert.False(ShareSchedule.TryParse([bracket], out var schedule, out var error));

        Assert.Null(schedule);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_BracketsNotIncreasing_AreRefused()
    {
        Assert.False(ShareSchedule.TryParse(["0=50", "100=60", "100=70"], out _, out var error));

        Assert.Contains("share bracket 2 starts at 100.00 CNY, not above", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_RandomSchedulesAndTotals_NeverCreateOrLoseAFenAndNeverShortTheSupplier()
    {
        var random = new Random(20261104);
        for (var c = 0; c < 5_000; c++)
        {
            var brackets = Enumerable.Range(0, random.Next(0, 4)).Select(_ => (long)random.Next(1, 1_000_000)).Distinct().Order().Prepend(0)
                .Select(from => new ShareBracket(new Fen(from), random.Next(0, 10_001))).ToArray();
            Assert.True(ShareSchedule.TryCreate(brackets, out var schedule, out _));
            var total = new Fen(random.NextInt64(0, 2_000_000));
            var before = new Fen(random.NextInt64(0, 2_000_000));

            var split = schedule!.Split(total, before);

            // The exact share, computed here bracket by bracket from the test's own walk over each fen's position.
            var exact = 0m;
            foreach (var bracket in brackets)
            {
                var next = brackets.Where(b => b.From > bracket.From).Select(b => b.From.Value).DefaultIfEmpty(long.MaxValue).Min();
                var inBracket = Math.Max(0, Math.Min(before.Value + total.Value, next) - Math.Max(before.Value, bracket.From.Value));
                exact += inBracket * (decimal)bracket.SupplierBasisPoints / 10_000m;
            }

            Assert.Equal(total, split.Supplier + split.Operator);
            Assert.Equal(total.Value, split.Lines.Sum(l => l.Amount.Value));
            Assert.All(split.Lines, l => Assert.Equal(l.Amount, l.Supplier + l.Operator));
            Assert.True(split.Supplier.Value >= exact, $"case {c}: supplier {split.Supplier.Value} fen below the exact {exact}");
            Assert.True(split.Supplier.Value - exact < split.Lines.Count, $"case {c}: supplier {split.Supplier.Value} fen more than a fen per bracket above {exact}");
        }
    }

    [Fact]
    public void Fen_Arithmetic_IsCheckedAndBounded()
    {
        Assert.Throws<OverflowException>(() => new Fen(Fen.MaxValue) + new Fen(1));
        Assert.Throws<OverflowException>(() => Fen.RoundUp(-0.5m));
        Assert.Equal(new Fen(2), Fen.RoundUp(1.000001m));
        Assert.Equal("-0.05 CNY", new Fen(-5).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => Fen.FromYuan(0.001m));
    }
}
