using DataSpace.Sandbox.Aggregation;

namespace DataSpace.Sandbox.Tests.Aggregation;

public sealed class AggregateAccumulatorViolationTests
{
    private readonly AggregateAccumulator _accumulator = new(new AggregationLimits { MaxGroups = 3, MaxMeasures = 2, MaxGroupKeyBytes = 8 });
    private readonly int _income;
    private readonly int _a;
    private readonly int _b;

    public AggregateAccumulatorViolationTests()
    {
        _income = _accumulator.DeclareMeasure("income", 0, 100);
        _a = _accumulator.Group("a");
        _b = _accumulator.Group("b");
        _accumulator.BeginBatch(4);
    }

    [Fact]
    public void Contribute_RowTwiceForOneMeasureInOneCall_Throws()
    {
        AssertViolation(() => _accumulator.Contribute(_income, [1, 1], [_a, _a], [1, 2]), "contribute: row 1 of batch 0 contributes twice to measure 'income'");
    }

    [Fact]
    public void Contribute_RowTwiceForOneMeasureAcrossCalls_Throws()
    {
        _accumulator.Contribute(_income, [], [_a, _a, _a], [1, 2, 3]);

        AssertViolation(() => _accumulator.Contribute(_income, [2], [_a], [1]), "contribute: row 2 of batch 0 contributes twice");
    }

    [Fact]
    public void Contribute_IdentityTwiceForOneMeasure_Throws()
    {
        _accumulator.Contribute(_income, [3], [_a], [1]);

        AssertViolation(() => _accumulator.Contribute(_income, [], [_a, _a, _a, _a], [1, 2, 3, 4]), "contribute: row 3 of batch 0 contributes twice");
    }

    [Fact]
    public void Contribute_RowInTwoGroups_Throws()
    {
        _accumulator.Assign([], [_a, _a]);

        AssertViolation(() => _accumulator.Contribute(_income, [1], [_b], [5]), "contribute: row 1 of batch 0 is already in group 0 and cannot also be in group 1");
    }

    [Fact]
    public void Assign_RowInTwoGroupsInOneCall_Throws()
    {
        AssertViolation(() => _accumulator.Assign([2, 2], [_a, _b]), "assign: row 2 of batch 0 is already in group 0");
    }

    [Fact]
    public void Contribute_IdentityWithUnassignedGroupMinusOne_Throws()
    {
        // -1 marks an unassigned row inside the host; it must not pass as "same group as before".
        AssertViolation(() => _accumulator.Contribute(_income, [], [-1, -1], [1, 1]), "contribute: row 0 of batch 0 names group id -1");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Contribute_NonFiniteValue_Throws(double value, string text)
    {
        AssertViolation(() => _accumulator.Contribute(_income, [0, 3], [_a, _b], [1, value]), $"contribute: row 3 of batch 0 has {text} for measure 'income'");
    }

    [Fact]
    public void Contribute_NonFiniteValueInVectorBody_NamesTheRow()
    {
        _accumulator.BeginBatch(64);
        var values = Enumerable.Repeat(1.0, 64).ToArray();
        values[37] = double.NaN;

        AssertViolation(() => _accumulator.Contribute(_income, [], Enumerable.Repeat(_a, 64).ToArray(), values), "contribute: row 37 of batch 1 has NaN");
    }

    [Fact]
    public void Contribute_UnknownGroupId_Throws()
    {
        AssertViolation(() => _accumulator.Contribute(_income, [0], [7], [1]), "contribute: row 0 of batch 0 names group id 7, which does not exist (2 groups)");
    }

    [Fact]
    public void Assign_UnknownGroupId_Throws()
    {
        AssertViolation(() => _accumulator.Assign([], [_a, 2]), "assign: row 1 of batch 0 names group id 2");
    }

    [Fact]
    public void Contribute_UnknownMeasure_Throws()
    {
        AssertViolation(() => _accumulator.Contribute(5, [], [_a], [1]), "contribute: measure id 5 does not exist");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public void Contribute_RowOutOfRange_Throws(int row)
    {
        AssertViolation(() => _accumulator.Contribute(_income, [row], [_a], [1]), $"contribute: row {row} is outside batch 0 of 4 rows");
    }

    [Fact]
    public void Assign_RowOutOfRange_Throws()
    {
        AssertViolation(() => _accumulator.Assign([9], [_a]), "assign: row 9 is outside batch 0 of 4 rows");
    }

    [Fact]
    public void Contribute_IdentityLongerThanBatch_Throws()
    {
        AssertViolation(() => _accumulator.Contribute(_income, [], [_a, _a, _a, _a, _a], [1, 1, 1, 1, 1]), "contribute: 5 entries without rows mean rows 0 .. 4, but batch 0 has 4 rows");
    }

    [Fact]
    public void Contribute_RowsAndGroupsLengthMismatch_Throws()
    {
        AssertViolation(() => _accumulator.Contribute(_income, [0, 1], [_a], [1]), "contribute: 2 rows but 1 groups");
    }

    [Fact]
    public void Contribute_GroupsAndValuesLengthMismatch_Throws()
    {
        AssertViolation(() => _accumulator.Contribute(_income, [], [_a, _a], [1]), "contribute: 2 groups but 1 values");
    }

    [Fact]
    public void Assign_LengthMismatch_Throws()
    {
        AssertViolation(() => _accumulator.Assign([0, 1, 2], [_a]), "assign: 3 rows but 1 groups");
    }

    [Fact]
    public void Contribute_BeforeAnyBatch_Throws()
    {
        var fresh = new AggregateAccumulator(new AggregationLimits());
        var m = fresh.DeclareMeasure("m", 0, 1);
        var g = fresh.Group("g");

        var error = Assert.Throws<JobViolationException>(() => fresh.Contribute(m, [], [g], [1]));
        Assert.Contains("contribute: there is no current batch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Group_TooManyGroups_Throws()
    {
        _accumulator.Group("c");

        AssertViolation(() => _accumulator.Group("d"), "group: a new key would exceed the limit of 3 groups");
    }

    [Fact]
    public void Group_KeyTooLong_Throws()
    {
        AssertViolation(() => _accumulator.Group("123456789"), "group: key of 9 bytes exceeds the limit of 8 bytes");
    }

    [Fact]
    public void Group_KeyAtLimit_IsAccepted()
    {
        Assert.Equal(2, _accumulator.Group("12345678"));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x61, 0xC3 })]             // truncated two-byte sequence
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]       // UTF-16 surrogate encoded in UTF-8
    [InlineData(new byte[] { 0xC0, 0xAF })]             // overlong '/'
    public void Group_InvalidUtf8_Throws(byte[] key)
    {
        AssertViolation(() => _accumulator.Group(key), "group: key is not valid UTF-8");
    }

    [Theory]
    [InlineData(double.NaN, 1)]
    [InlineData(0, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 0)]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    public void DeclareMeasure_BadBounds_Throws(double lower, double upper)
    {
        AssertViolation(() => _accumulator.DeclareMeasure("x", lower, upper), "measure: bounds");
    }

    [Fact]
    public void DeclareMeasure_DuplicateName_Throws()
    {
        AssertViolation(() => _accumulator.DeclareMeasure("income", 0, 1), "measure: 'income' is already declared");
    }

    [Fact]
    public void DeclareMeasure_TooMany_Throws()
    {
        _accumulator.DeclareMeasure("second", 0, 1);

        AssertViolation(() => _accumulator.DeclareMeasure("third", 0, 1), "measure: 'third' would exceed the limit of 2 measures");
    }

    private void AssertViolation(Action call, string expected)
    {
        var error = Assert.Throws<JobViolationException>(call);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);

        // The run is over: nothing half-applied can be used or released afterwards.
        Assert.Throws<JobViolationException>(() => _accumulator.Snapshot());
    }
}
