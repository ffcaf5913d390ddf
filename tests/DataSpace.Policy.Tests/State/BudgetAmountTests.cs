using DataSpace.Policy.State;

namespace DataSpace.Policy.Tests.State;

/// <summary>Budget amounts convert to decimals that never favour the requester.</summary>
public sealed class BudgetAmountTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(0.0, "0")]
    public void ToRequest_DecimalAsWritten_IsExact(double value, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), BudgetAmount.ToRequest(value, "value"));
    }

    [Fact]
    public void ToRequest_BinarySum_IsChargedAsItsShortestDecimal()
    {
        var charged = BudgetAmount.ToRequest(0.1 + 0.2, "value");

        Assert.Equal(0.30000000000000004m, charged);
    }

    [Theory]
    [InlineData(1e-30)]
    [InlineData(1.0000000000000001e-13)]
    [InlineData(1.2345e-19)]
    public void ToRequest_DigitsBelowTheGrid_RoundUp(double value)
    {
        var charged = BudgetAmount.ToRequest(value, "value");

        Assert.True(charged > BudgetAmount.ToLimit(value, "value"));
        Assert.Equal(charged - BudgetAmount.Quantum, BudgetAmount.ToLimit(value, "value"));
    }

    [Fact]
    public void ToRequest_NegativeZero_IsZero()
    {
        Assert.Equal(0m, BudgetAmount.ToRequest(-0.0, "value"));
    }

    [Fact]
    public void ToLimit_BinarySum_IsItsShortestDecimalOnTheGrid()
    {
        var limit = BudgetAmount.ToLimit(0.1 + 0.2, "value");

        Assert.Equal(0.30000000000000004m, limit);
        Assert.Equal(0, limit % BudgetAmount.Quantum);
    }

    [Fact]
    public void ToLimit_BelowTheGrid_IsZero()
    {
        Assert.Equal(0m, BudgetAmount.ToLimit(1e-30, "value"));
    }

    [Fact]
    public void ToRequest_LargestAmount_IsExact()
    {
        Assert.Equal(1_000_000_000m, BudgetAmount.ToRequest(BudgetAmount.Max, "value"));
    }
}
