using System.Globalization;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.Negotiation;

/// <summary>
/// Computes the agreement on an offer from the parsed offer, on the model (docs/policy-profile.md, "Agreements"):
/// the permissions the offer makes for the requesting party and the dataset, each narrowed to the stated purpose and
/// the window of validity, and every prohibition that can apply to that party; never more than the offer permits.
/// Refuses, with the evaluator's reasons, an offer made for another party and an agreement that could never permit a job.
/// </summary>
public static class AgreementBuilder
{
    /// <summary>The actions a job asks for: an agreement must be able to permit one of them.</summary>
    public static ValueList<ActionKind> JobActions { get; } = [ActionKind.ComputeAggregate, ActionKind.TrainModel, ActionKind.CustomAnalysis];

    /// <summary>
    /// The agreement on <paramref name="offer"/> for <paramref name="terms"/>, refused unless it can permit one of
    /// <paramref name="actions"/> (by default <see cref="JobActions"/>).
    /// </summary>
    public static AgreementOutcome Build(OdrlPolicy offer, AgreementTerms terms, IReadOnlyList<ActionKind>? actions = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.ValidUntil <= terms.ValidFrom)
        {
            return AgreementOutcome.Refused(AgreementRefusal.InvalidTerms,
                [new DecisionReason("validUntil", ReasonKind.ValidityTooLong, "the end of validity must be after its start")]);
        }

        if (terms.ValidUntil > terms.ValidFrom.AddYears(AgreementRules.MaxValidityYears))
        {
            return AgreementOutcome.Refused(AgreementRefusal.InvalidTerms,
                [new DecisionReason("validUntil", ReasonKind.ValidityTooLong, $"an agreement is valid for at most {AgreementRules.MaxValidityYears} years")]);
        }

        if (offer.Assignee is { } named && !Names(named, terms.Assignee))
        {
            return AgreementOutcome.Refused(AgreementRefusal.NotOffered,
                [new DecisionReason("assignee", ReasonKind.AssigneeMismatch, $"the offer is made for {IdOf(named)}, not {terms.Assignee}")]);
        }

        var assignee = new Party { Uid = terms.Assignee };
        var target = new Asset { Uid = terms.Target };
        var assigner = offer.Assigner ?? (terms.Assigner is null ? null : new Party { Uid = terms.Assigner });
        ValueList<ConstraintNode> narrowing =
        [
            new Constraint
            {
                LeftOperand = LeftOperand.Purpose,
                LeftOperandIri = PolicyNamespaces.Odrl + "purpose",
                Operator = ConstraintOperator.Eq,
                RightOperand = new RightOperand { Kind = RightOperandKind.String, Lexical = terms.Purpose },
            },
            DateBound(ConstraintOperator.Gteq, terms.ValidFrom),
            DateBound(ConstraintOperator.Lt, terms.ValidUntil),
        ];

        var permissions = new List<Rule>();
        var notOffered = new List<DecisionReason>();
        for (var i = 0; i < offer.Permissions.Count; i++)
        {
            var rule = offer.Permissions[i];
            if ((rule.Assignee ?? offer.Assignee) is { } party && !Names(party, terms.Assignee))
            {
                notOffered.Add(new DecisionReason($"permission[{i}].assignee", ReasonKind.AssigneeMismatch, $"assignee {IdOf(party)}, actual {terms.Assignee}"));
                continue;
            }

            if ((rule.Target ?? offer.Target) is { } asset && !Names(asset, terms.Target))
            {
                continue;
            }

            permissions.Add(rule with
            {
                Assignee = assignee,
                Assigner = rule.Assigner ?? assigner,
                Target = target,
                Constraints = [.. rule.Constraints.AsSpan(), .. narrowing.AsSpan()],
            });
        }

        if (permissions.Count == 0 && notOffered.Count > 0)
        {
            return AgreementOutcome.Refused(AgreementRefusal.NotOffered, [.. notOffered]);
        }

        var agreement = new OdrlPolicy
        {
            Type = PolicyType.Agreement,
            Uid = terms.Uid,
            Profiles = offer.Profiles,
            InheritFrom = offer.InheritFrom,
            Conflict = offer.Conflict,
            Assigner = assigner,
            Assignee = assignee,
            Target = target,
            Permissions = [.. permissions],
            Prohibitions = [.. ApplyingTo(offer, offer.Prohibitions, terms, assignee, assigner, target)],
            Obligations = [.. ApplyingTo(offer, offer.Obligations, terms, assignee, assigner, target)],
        };

        var invalid = AgreementRules.Check(agreement, terms.ValidFrom);
        if (invalid.Count > 0)
        {
            return AgreementOutcome.Refused(AgreementRefusal.InvalidTerms, invalid);
        }

        var conclusion = new PolicyEvaluator(agreement).Conclude(new ConclusionFacts
        {
            Assignee = terms.Assignee,
            Target = terms.Target,
            Purpose = terms.Purpose,
            From = terms.ValidFrom,
            Until = terms.ValidUntil,
        }, actions ?? JobActions);
        return conclusion.MayPermit
            ? new AgreementOutcome { Agreement = agreement }
            : AgreementOutcome.Refused(AgreementRefusal.NeverPermits, conclusion.Reasons);
    }

    /// <summary>
    /// The prohibitions (or obligations) that can apply to the agreement's party and dataset, with the agreement's
    /// party, assigner and dataset filled in where the offer left them open, as the compact policy form reads them back.
    /// </summary>
    private static IEnumerable<Rule> ApplyingTo(OdrlPolicy offer, ValueList<Rule> rules, AgreementTerms terms, Party assignee, Party? assigner, Asset target)
    {
        foreach (var rule in rules)
        {
            var party = rule.Assignee ?? offer.Assignee;
            var asset = rule.Target ?? offer.Target;
            if ((party is null || IdOf(party) == terms.Assignee) && (asset is null || IdOf(asset) == terms.Target))
            {
                yield return rule with { Assignee = party ?? assignee, Assigner = rule.Assigner ?? assigner, Target = asset ?? target };
            }
        }
    }

    /// <summary>True when <paramref name="party"/> is exactly <paramref name="id"/>: refinements cannot be evaluated, so a refined collection names no one.</summary>
    private static bool Names(Party party, string id) => party.Refinements.Count == 0 && IdOf(party) == id;

    private static bool Names(Asset asset, string id) => asset.Refinements.Count == 0 && IdOf(asset) == id;

    private static string? IdOf(Party party) => party.Uid ?? party.Source;

    private static string? IdOf(Asset asset) => asset.Uid ?? asset.Source;

    private static Constraint DateBound(ConstraintOperator op, DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var lexical = utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        return new Constraint
        {
            LeftOperand = LeftOperand.DateTime,
            LeftOperandIri = PolicyNamespaces.Odrl + "dateTime",
            Operator = op,
            RightOperand = new RightOperand
            {
                Kind = RightOperandKind.DateTime,
                DateTime = new DateTimeOffset(utc, TimeSpan.Zero),
                Lexical = lexical,
                DataType = PolicyNamespaces.Xsd + "dateTime",
            },
        };
    }
}
