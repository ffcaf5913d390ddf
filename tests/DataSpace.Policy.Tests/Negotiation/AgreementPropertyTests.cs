using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Negotiation;
using DataSpace.Policy.Tests.Samples;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Negotiation;

/// <summary>
/// The agreement permits exactly what its offer permits for its party and purpose, never more: over every policy
/// document of the tests (W3C, EDC, Tractus-X, DSP, the samples and the profile's examples) and many generated
/// requests, the agreement never permits what the offer denies, and inside the window, for its party, purpose and
/// dataset, it decides as the offer does, with the same obligations.
/// </summary>
public sealed class AgreementPropertyTests
{
    private const int RequestsPerAgreement = 1500;

    /// <summary>Every action: the documents of other vocabularies permit display, play, print... rather than jobs.</summary>
    private static readonly ActionKind[] AnyAction = [.. Enum.GetValues<ActionKind>().Where(a => a != ActionKind.Unknown)];

    public static TheoryData<string> Corpus()
    {
        var names = new TheoryData<string>();
        foreach (var (name, _) in TestDocuments.AllValid())
        {
            names.Add(name);
        }

        foreach (var name in SampleFiles.Names)
        {
            names.Add("samples/" + name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Agreement_NeverPermitsMoreThanItsOffer_AndEqualsItInsideTheWindow(string name)
    {
        var json = name.StartsWith("samples/", StringComparison.Ordinal) ? SampleFiles.Read(name["samples/".Length..])
            : name == "docs/policy-profile.md" ? TestDocuments.ProfileExample()
            : TestDocuments.Read(name);
        var parsed = PolicyParser.Parse(json);
        if (!parsed.IsSuccess)
        {
            // Not a policy this connector reads (the parse tests say which and why): it can never be an offer.
            return;
        }

        var offer = parsed.Policy!;
        var facts = new Mentioned(offer);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) ^ 20261204);
        var compared = 0;
        foreach (var assignee in facts.Parties.Append(Agreements.Operator).Distinct())
        {
            foreach (var target in facts.Targets.Append(Agreements.Dataset).Distinct())
            {
                foreach (var purpose in facts.Purposes.Append("research").Distinct())
                {
                    var terms = Agreements.Terms(purpose, assignee) with { Target = target, ValidFrom = facts.Start, ValidUntil = facts.Start.AddDays(400) };
                    var outcome = AgreementBuilder.Build(offer, terms, AnyAction);
                    if (!outcome.IsConcluded)
                    {
                        continue;
                    }

                    var agreement = new PolicyEvaluator(outcome.Agreement!);
                    var original = new PolicyEvaluator(offer);
                    for (var i = 0; i < RequestsPerAgreement; i++)
                    {
                        var request = facts.Request(random, terms);
                        var byAgreement = agreement.Evaluate(request);
                        var byOffer = original.Evaluate(request);
                        Assert.False(byAgreement.IsPermitted && !byOffer.IsPermitted,
                            $"{name}: the agreement ({assignee}, {target}, {purpose}) permits what the offer denies: {request}; offer: {byOffer}");
                        var inside = request.Assignee == assignee && request.Purpose == purpose && request.Target == target
                            && request.Now >= terms.ValidFrom && request.Now < terms.ValidUntil;
                        if (inside)
                        {
                            Assert.True(byAgreement.IsPermitted == byOffer.IsPermitted,
                                $"{name}: inside the window the agreement decides {byAgreement} and the offer {byOffer}: {request}");
                            Assert.Equal(Describe(byOffer.Obligations), Describe(byAgreement.Obligations));
                            compared++;
                        }
                    }
                }
            }
        }

        // Documents that cannot become agreements (another party's only, never permitting a job) are refused; the
        // rest must have been compared inside their window.
        Assert.True(compared > 0 || !Concludable(offer, facts), $"{name}: no request was compared inside an agreement's window");
    }

    private static bool Concludable(OdrlPolicy offer, Mentioned facts) =>
        facts.Parties.Append(Agreements.Operator).Any(p => facts.Targets.Append(Agreements.Dataset).Any(t => facts.Purposes.Append("research")
            .Any(u => AgreementBuilder.Build(offer, Agreements.Terms(u, p) with { Target = t, ValidFrom = facts.Start, ValidUntil = facts.Start.AddDays(400) }, AnyAction).IsConcluded)));

    private static string[] Describe(ValueList<Obligation> obligations) =>
        [.. obligations.Select(o => $"{o.Kind} {o.Value} {o.ActionIri}")];

    /// <summary>The values a policy names, per left operand, so that generated requests hit its constraints.</summary>
    private sealed class Mentioned
    {
        private static readonly ActionKind[] Actions = Enum.GetValues<ActionKind>();
        private readonly Dictionary<LeftOperand, List<RightOperand>> _values = [];

        public Mentioned(OdrlPolicy policy)
        {
            var parties = new HashSet<string>(StringComparer.Ordinal);
            var targets = new HashSet<string>(StringComparer.Ordinal);
            var instants = new List<DateTimeOffset>();
            foreach (var rule in policy.Permissions.Concat(policy.Prohibitions).Concat(policy.Obligations))
            {
                AddParty(parties, rule.Assignee ?? policy.Assignee);
                if ((rule.Target ?? policy.Target) is { } asset && (asset.Uid ?? asset.Source) is { } id)
                {
                    targets.Add(id);
                }

                foreach (var node in rule.Constraints.Concat(rule.Action.Refinements))
                {
                    Collect(node, instants);
                }
            }

            Parties = [.. parties.Order(StringComparer.Ordinal)];
            Targets = [.. targets.Order(StringComparer.Ordinal)];
            Purposes = [.. Values(LeftOperand.Purpose).Select(v => v.Lexical).Distinct().Take(4)];
            Start = instants.Count > 0 ? instants.Min().AddDays(-30) : Agreements.Start;
        }

        public IReadOnlyList<string> Parties { get; }

        public IReadOnlyList<string> Targets { get; }

        public IReadOnlyList<string> Purposes { get; }

        /// <summary>A start of validity that puts the policy's own dates inside the window.</summary>
        public DateTimeOffset Start { get; }

        public EvaluationRequest Request(Random random, AgreementTerms terms)
        {
            var window = terms.ValidUntil - terms.ValidFrom;
            DateTimeOffset[] instants =
            [
                terms.ValidFrom, terms.ValidFrom.AddTicks(-1), terms.ValidUntil, terms.ValidUntil.AddTicks(-1),
                terms.ValidFrom + (window * random.NextDouble()), terms.ValidFrom.AddDays(-random.Next(1, 400)), terms.ValidUntil.AddDays(random.Next(0, 400)),
                .. Values(LeftOperand.DateTime).Where(v => v.Kind == RightOperandKind.DateTime).Select(v => v.DateTime.AddSeconds(random.Next(-1, 2))),
            ];
            return new EvaluationRequest
            {
                Action = Pick(random, Actions),
                Target = Pick(random, [terms.Target, terms.Target, "other-dataset", null, .. Targets]),
                Assignee = Pick(random, [terms.Assignee, terms.Assignee, Agreements.Rival, null, .. Parties]),
                Purpose = Pick(random, [terms.Purpose, terms.Purpose, "marketing", null, .. Purposes]),
                Now = Pick(random, instants),
                UseCount = Pick<long?>(random, [null, 1, 2, 5, 10, 1000, .. Integers(LeftOperand.Count)]),
                Elapsed = Pick<TimeSpan?>(random, [null, TimeSpan.Zero, TimeSpan.FromDays(random.Next(0, 800))]),
                Columns = random.Next(5) == 0 ? null : [.. Texts(LeftOperand.Column).Append("region").Where(_ => random.Next(2) == 0)],
                ModuleDigest = Pick(random, [null, "sha256:" + new string('a', 64), .. Texts(LeftOperand.ModuleDigest)]),
                OutputKind = Pick(random, [null, "dsc:aggregate", "dsc:model", "dsc:custom", PolicyNamespaces.Profile + "aggregate", .. Texts(LeftOperand.OutputKind)]),
                Epsilon = Pick<double?>(random, [null, 0.1, 0.5, 1.0, 3.0, .. Numbers(LeftOperand.Epsilon)]),
                Delta = Pick<double?>(random, [null, 1e-9, 1e-6, .. Numbers(LeftOperand.Delta)]),
                ClassificationLevel = Pick<long?>(random, [null, 0, 1, 2, 3, 5, .. Integers(LeftOperand.ClassificationLevel)]),
                GroupSize = Pick<long?>(random, [null, 1, 9, 10, 11, 5000, .. Integers(LeftOperand.GroupSize)]),
                LinkedDatasets = random.Next(3) == 0 ? [.. Texts(LeftOperand.LinkedDataset).Append("urn:dataset:x").Where(_ => random.Next(2) == 0)] : null,
                Recipient = Pick(random, [null, "urn:party:data-user", .. Texts(LeftOperand.Recipient)]),
                Spatial = Pick(random, [null, "CN", .. Texts(LeftOperand.Spatial)]),
            };
        }

        private static T Pick<T>(Random random, T[] choices) => choices[random.Next(choices.Length)];

        private IEnumerable<RightOperand> Values(LeftOperand operand) => _values.GetValueOrDefault(operand) ?? [];

        private IEnumerable<string> Texts(LeftOperand operand) => Values(operand).Select(v => v.Lexical);

        private IEnumerable<long?> Integers(LeftOperand operand) =>
            Values(operand).Where(v => v.Kind == RightOperandKind.Integer).SelectMany(v => new long?[] { v.Integer - 1, v.Integer, v.Integer + 1 });

        private IEnumerable<double?> Numbers(LeftOperand operand) =>
            Values(operand).Where(v => v.Kind is RightOperandKind.Integer or RightOperandKind.Decimal)
                .Select(v => v.Kind == RightOperandKind.Integer ? v.Integer : v.Decimal).SelectMany(d => new double?[] { d / 2, d, d * 2 });

        private static void AddParty(HashSet<string> parties, Party? party)
        {
            if (party is not null && (party.Uid ?? party.Source) is { } id)
            {
                parties.Add(id);
            }
        }

        private void Collect(ConstraintNode node, List<DateTimeOffset> instants)
        {
            switch (node)
            {
                case LogicalConstraint logical:
                    foreach (var operand in logical.Operands)
                    {
                        Collect(operand, instants);
                    }

                    break;
                case Constraint { RightOperand: { } right } constraint:
                    if (!_values.TryGetValue(constraint.LeftOperand, out var list))
                    {
                        _values[constraint.LeftOperand] = list = [];
                    }

                    foreach (var value in right.Kind == RightOperandKind.List ? right.Items.AsSpan().ToArray() : [right])
                    {
                        list.Add(value);
                        if (value.Kind == RightOperandKind.DateTime)
                        {
                            instants.Add(value.DateTime);
                        }
                    }

                    break;
            }
        }
    }
}
