using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Model;

public sealed class ValueListTests
{
    [Fact]
    public void Equals_SameItemsInDifferentInstances_IsTrue()
    {
        ValueList<string> first = ["a", "b"];
        ValueList<string> second = ["a", "b"];

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentOrder_IsFalse()
    {
        ValueList<string> first = ["a", "b"];
        ValueList<string> second = ["b", "a"];

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Equals_RecordsHoldingEqualLists_AreEqual()
    {
        var first = new RuleAction { Iri = "urn:a", Refinements = [new LogicalConstraint { Operator = LogicalOperator.Or }] };
        var second = new RuleAction { Iri = "urn:a", Refinements = [new LogicalConstraint { Operator = LogicalOperator.Or }] };

        Assert.Equal(first, second);
    }
}
