using DataSpace.Policy.Model;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.JsonLd;

/// <summary>The examples of the ODRL 2.2 Information Model (W3C Recommendation, 2018-02-15) read as their text says.</summary>
public sealed class W3cExamplesTests
{
    private const string Odrl = PolicyNamespaces.Odrl;

    [Fact]
    public void Parse_Example1Set_GivesOneUsePermission()
    {
        var policy = TestDocuments.ParseFile("w3c/example01-set.json");

        var expected = new OdrlPolicy
        {
            Type = PolicyType.Set,
            Uid = "http://example.com/policy:1010",
            Permissions =
            [
                new Rule
                {
                    Kind = RuleKind.Permission,
                    Action = new RuleAction { Kind = ActionKind.Use, Iri = Odrl + "use" },
                    Target = new Asset { Uid = "http://example.com/asset:9898.movie" },
                },
            ],
        };
        Assert.Equal(expected, policy);
    }

    [Fact]
    public void Parse_Example3Agreement_KeepsAssignerAndAssignee()
    {
        var rule = Assert.Single(TestDocuments.ParseFile("w3c/example03-agreement.json").Permissions);

        Assert.Equal(ActionKind.Play, rule.Action.Kind);
        Assert.Equal("http://example.com/party:org:abc", rule.Assigner?.Uid);
        Assert.Equal("http://example.com/party:person:billie", rule.Assignee?.Uid);
    }

    [Fact]
    public void Parse_Example9PartyTypes_MarksOnlyThePartyCollection()
    {
        var rule = Assert.Single(TestDocuments.ParseFile("w3c/example09-party-collection.json").Permissions);

        Assert.False(rule.Assigner!.IsCollection);
        Assert.True(rule.Assignee!.IsCollection);
        Assert.Equal("http://example.com/team/A", rule.Assignee.Uid);
    }

    [Fact]
    public void Parse_Example13DateConstraint_IsUtcMidnightTypedDate()
    {
        var rule = Assert.Single(TestDocuments.ParseFile("w3c/example13-datetime-constraint.json").Permissions);

        var constraint = Assert.IsType<Constraint>(Assert.Single(rule.Constraints));
        Assert.Equal(LeftOperand.DateTime, constraint.LeftOperand);
        Assert.Equal(ConstraintOperator.Lt, constraint.Operator);
        Assert.Equal(RightOperandKind.DateTime, constraint.RightOperand!.Kind);
        Assert.Equal(new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), constraint.RightOperand.DateTime);
        Assert.Equal(PolicyNamespaces.Xsd + "date", constraint.RightOperand.DataType);
    }

    [Fact]
    public void Parse_Example14ActionRefinement_GivesTypedIntegerWithUnit()
    {
        var rule = Assert.Single(TestDocuments.ParseFile("w3c/example14-action-refinement.json").Permissions);

        Assert.Equal(ActionKind.Print, rule.Action.Kind);
        var refinement = Assert.IsType<Constraint>(Assert.Single(rule.Action.Refinements));
        Assert.Equal(LeftOperand.Resolution, refinement.LeftOperand);
        Assert.Equal(ConstraintOperator.Lteq, refinement.Operator);
        Assert.Equal(1200, refinement.RightOperand!.Integer);
        Assert.Equal("http://dbpedia.org/resource/Dots_per_inch", refinement.Unit);
    }

    [Fact]
    public void Parse_Example16AssetRefinement_IdentifiesCollectionBySource()
    {
        var rule = Assert.Single(TestDocuments.ParseFile("w3c/example16-asset-refinement.json").Permissions);

        Assert.Null(rule.Target!.Uid);
        Assert.True(rule.Target.IsCollection);
        Assert.Equal("http://example.com/media-catalogue", rule.Target.Source);
        var refinement = Assert.IsType<Constraint>(Assert.Single(rule.Target.Refinements));
        Assert.Equal(LeftOperand.Unknown, refinement.LeftOperand);
        Assert.Equal("runningTime", refinement.LeftOperandIri);
        Assert.Equal(60, refinement.RightOperand!.Integer);
    }

    [Fact]
    public void Parse_Example17ProfileTerms_KeepsUnknownActionAndOperandIris()
    {
        var rule = Assert.Single(TestDocuments.ParseFile("w3c/example17-party-refinement.json").Permissions);

        Assert.Equal(ActionKind.Unknown, rule.Action.Kind);
        Assert.Equal("ex:view", rule.Action.Iri);
        var refinement = Assert.IsType<Constraint>(Assert.Single(rule.Assignee!.Refinements));
        Assert.Equal("foaf:age", refinement.LeftOperandIri);
        Assert.Equal(ConstraintOperator.Gt, refinement.Operator);
    }

    [Fact]
    public void Parse_Example19_ReadsConflictPermissionAndProhibition()
    {
        var policy = TestDocuments.ParseFile("w3c/example19-prohibition-conflict.json");

        Assert.Equal(ConflictStrategy.Perm, policy.Conflict);
        Assert.Equal(ActionKind.Display, Assert.Single(policy.Permissions).Action.Kind);
        Assert.Equal(ActionKind.Archive, Assert.Single(policy.Prohibitions).Action.Kind);
    }

    [Fact]
    public void Parse_Example21Obligation_SharesPolicyPartiesAndReadsConsequence()
    {
        var policy = TestDocuments.ParseFile("w3c/example21-obligation-consequence.json");

        var obligation = Assert.Single(policy.Obligations);
        Assert.Equal(RuleKind.Duty, obligation.Kind);
        Assert.Equal(ActionKind.Delete, obligation.Action.Kind);
        Assert.Equal("http://example.com/org:43", obligation.Assigner?.Uid);
        Assert.Equal("http://example.com/person:44", obligation.Assignee?.Uid);
        var consequence = Assert.Single(obligation.Consequences);
        Assert.Equal(ActionKind.Compensate, consequence.Action.Kind);
        var amount = Assert.IsType<Constraint>(Assert.Single(consequence.Action.Refinements));
        Assert.Equal(LeftOperand.PayAmount, amount.LeftOperand);
        Assert.Equal(10.0, amount.RightOperand!.Decimal);
    }

    [Fact]
    public void Parse_Example22Duty_ReadsIriRightOperand()
    {
        var permission = Assert.Single(TestDocuments.ParseFile("w3c/example22-permission-duty.json").Permissions);

        var duty = Assert.Single(permission.Duties);
        var constraint = Assert.IsType<Constraint>(Assert.Single(duty.Constraints));
        Assert.Equal(LeftOperand.Event, constraint.LeftOperand);
        Assert.Equal(RightOperandKind.Iri, constraint.RightOperand!.Kind);
        Assert.Equal(Odrl + "policyUsage", constraint.RightOperand.Lexical);
    }

    [Fact]
    public void Parse_Example24Prohibition_ReadsRemedy()
    {
        var prohibition = Assert.Single(TestDocuments.ParseFile("w3c/example24-prohibition-remedy.json").Prohibitions);

        var remedy = Assert.Single(prohibition.Remedies);
        Assert.Equal(ActionKind.Anonymize, remedy.Action.Kind);
        Assert.Equal("http://example.com/data:77", remedy.Target?.Uid);
    }

    [Fact]
    public void Parse_Example26CompositeRule_GivesTheFourAtomicRulesOfExample27()
    {
        var permissions = TestDocuments.ParseFile("w3c/example26-composite-rule.json").Permissions;

        var atoms = permissions.Select(p => (p.Target!.Uid, p.Action.Kind, p.Assigner!.Uid)).ToArray();
        Assert.Equal(
            [
                ("http://example.com/music/1999.mp3", ActionKind.Play, "http://example.com/org/sony-music"),
                ("http://example.com/music/1999.mp3", ActionKind.Stream, "http://example.com/org/sony-music"),
                ("http://example.com/music/PurpleRain.mp3", ActionKind.Play, "http://example.com/org/sony-music"),
                ("http://example.com/music/PurpleRain.mp3", ActionKind.Stream, "http://example.com/org/sony-music"),
            ],
            atoms);
    }

    [Fact]
    public void Parse_Example28CompactPolicy_GivesTheRulesOfExample29()
    {
        var compact = TestDocuments.ParseFile("w3c/example28-compact-policy.json");
        var expanded = TestDocuments.ParseFile("w3c/example29-compact-expanded.json");

        Assert.Equal(expanded.Permissions, compact.Permissions);
        Assert.Equal(2, compact.Permissions.Count);
    }
}
