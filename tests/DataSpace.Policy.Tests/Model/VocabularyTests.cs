using DataSpace.Policy.Model;

namespace DataSpace.Policy.Tests.Model;

/// <summary>Every enum value the parser can produce has exactly one IRI, and the IRI maps back to it.</summary>
public sealed class VocabularyTests
{
    [Fact]
    public void Actions_EveryKnownKind_HasAnIriThatMapsBack()
    {
        AssertTwoWay(Vocabulary.Actions, Enum.GetValues<ActionKind>().Where(k => k != ActionKind.Unknown));
    }

    [Fact]
    public void LeftOperands_EveryKnownOperand_HasAnIriThatMapsBack()
    {
        AssertTwoWay(Vocabulary.LeftOperands, Enum.GetValues<LeftOperand>().Where(k => k != LeftOperand.Unknown));
    }

    [Fact]
    public void Operators_AllTwelve_HaveOdrlIris()
    {
        var operators = Enum.GetValues<ConstraintOperator>();

        Assert.Equal(12, operators.Length);
        AssertTwoWay(Vocabulary.Operators, operators);
        Assert.All(operators, o => Assert.StartsWith(PolicyNamespaces.Odrl, Vocabulary.Operators.IriOf(o), StringComparison.Ordinal));
    }

    [Fact]
    public void ProfileTerms_LiveInTheProfileNamespace()
    {
        Assert.Equal(PolicyNamespaces.Profile + "groupSize", Vocabulary.LeftOperands.IriOf(LeftOperand.GroupSize));
        Assert.Equal(PolicyNamespaces.Profile + "rawExport", Vocabulary.Actions.IriOf(ActionKind.RawExport));
        Assert.Equal(PolicyNamespaces.Odrl + "aggregate", Vocabulary.Actions.IriOf(ActionKind.Aggregate));
    }

    private static void AssertTwoWay<T>(TermTable<T> table, IEnumerable<T> values)
        where T : struct, Enum
    {
        foreach (var value in values)
        {
            Assert.True(table.TryGet(table.IriOf(value), out var back));
            Assert.Equal(value, back);
        }
    }
}
