using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>The worked example in docs/policy-profile.md parses to what the document says.</summary>
public sealed class PolicyProfileDocTests
{
    private const string Dsc = PolicyNamespaces.Profile;

    [Fact]
    public void Parse_ProfileExample_GivesTheDescribedOffer()
    {
        var policy = TestDocuments.Parse(TestDocuments.ProfileExample());

        Assert.Equal(PolicyType.Offer, policy.Type);
        Assert.Equal([Dsc], policy.Profiles);
        var permission = Assert.Single(policy.Permissions);
        Assert.Equal(new RuleAction { Kind = ActionKind.ComputeAggregate, Iri = Dsc + "computeAggregate" }, permission.Action);
        Assert.Equal("urn:dataset:tax-2024", permission.Target?.Uid);
        Assert.Equal("urn:party:tax-bureau", permission.Assigner?.Uid);
        var constraints = permission.Constraints.Cast<Constraint>().ToArray();
        Assert.Equal(
            [LeftOperand.Purpose, LeftOperand.DateTime, LeftOperand.Column, LeftOperand.GroupSize, LeftOperand.Epsilon, LeftOperand.OutputKind],
            constraints.Select(c => c.LeftOperand));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), constraints[1].RightOperand!.DateTime);
        Assert.Equal(["region", "income", "age_band"], constraints[2].RightOperand!.Items.Select(i => i.Lexical));
        Assert.Equal((RightOperandKind.Integer, 10L), (constraints[3].RightOperand!.Kind, constraints[3].RightOperand!.Integer));
        Assert.Equal((RightOperandKind.Decimal, 1.0), (constraints[4].RightOperand!.Kind, constraints[4].RightOperand!.Decimal));
        var prohibition = Assert.Single(policy.Prohibitions);
        Assert.Equal(ActionKind.RawExport, prohibition.Action.Kind);
        Assert.Equal("urn:dataset:tax-2024", prohibition.Target?.Uid);
    }
}
