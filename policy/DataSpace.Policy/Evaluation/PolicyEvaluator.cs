using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// Decides requests against one parsed policy, compiled once (docs/policy-profile.md, "Evaluation").
/// Prohibitions win over permissions; anything not permitted is denied; whatever cannot be decided
/// (unknown action or left operand, missing value, unsupported comparison) denies with a reason.
/// A permit returns a decision built at compile time and allocates nothing; only denials build reasons.
/// Thread-safe: an instance holds no mutable state.
/// </summary>
public sealed class PolicyEvaluator
{
    private readonly CompiledRule[] _permissions;
    private readonly CompiledRule[] _prohibitions;
    private readonly DecisionReason[] _policyFailures;

    public PolicyEvaluator(OdrlPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
        _permissions = [.. policy.Permissions.Select((rule, i) => new CompiledRule(policy, rule, $"permission[{i}]"))];
        _prohibitions = [.. policy.Prohibitions.Select((rule, i) => new CompiledRule(policy, rule, $"prohibition[{i}]"))];
        var failures = new List<DecisionReason>();
        if (policy.InheritFrom.Count > 0)
        {
            failures.Add(new DecisionReason("inheritFrom", ReasonKind.Unsupported,
                $"inherits from {string.Join(", ", policy.InheritFrom)}, which this connector does not resolve; denied (fail closed)"));
        }

        for (var i = 0; i < policy.Obligations.Count; i++)
        {
            if (policy.Obligations[i].Action.Kind == ActionKind.Unknown)
            {
                failures.Add(new DecisionReason($"obligation[{i}].action", ReasonKind.Unsupported,
                    $"unknown duty action '{policy.Obligations[i].Action.Iri}'; the connector cannot fulfil it; denied (fail closed)"));
            }
        }

        _policyFailures = [.. failures];
    }

    public OdrlPolicy Policy { get; }

    /// <summary>Compiles <paramref name="policy"/> and decides one request; keep a <see cref="PolicyEvaluator"/> to decide many.</summary>
    public static Decision Evaluate(OdrlPolicy policy, EvaluationRequest request) => new PolicyEvaluator(policy).Evaluate(request);

    public Decision Evaluate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_policyFailures.Length > 0 || request.Action == ActionKind.Unknown || string.IsNullOrEmpty(request.Purpose))
        {
            return Explain(request);
        }

        foreach (var prohibition in _prohibitions)
        {
            if (prohibition.IsAbout(request) && prohibition.Test(request) != CheckOutcome.Violated)
            {
                return Explain(request);
            }
        }

        foreach (var permission in _permissions)
        {
            if (permission.IsAbout(request) && permission.Test(request) == CheckOutcome.Satisfied)
            {
                return permission.Permit!;
            }
        }

        return Explain(request);
    }

    /// <summary>
    /// Whether any request with <paramref name="facts"/> for one of <paramref name="actions"/> can be permitted, judged on
    /// what is fixed at conclusion (party, dataset, purpose, the window of validity). Never says no when some request
    /// could be permitted: a permission counts unless one of its constraints can never hold, a prohibition only when it
    /// applies to every such request. When none can be, returns the evaluator's reasons: each permission's constraint
    /// that can never hold, each prohibition that always applies.
    /// </summary>
    public ConclusionResult Conclude(ConclusionFacts facts, IReadOnlyList<ActionKind> actions)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(actions);
        var reasons = new List<DecisionReason>(_policyFailures);
        if (reasons.Count > 0)
        {
            return new ConclusionResult { MayPermit = false, Reasons = [.. reasons] };
        }

        // A prohibition blocks the actions it is about when it applies to every job: all its checks always hold, or
        // one can never be decided (a prohibition that cannot be decided is taken to apply).
        var blocking = new List<DecisionReason>();
        var prohibited = new bool[actions.Count];
        foreach (var prohibition in _prohibitions)
        {
            if (prohibition.Conclude(facts, []) is not (CheckOutcome.Satisfied or CheckOutcome.Unsupported))
            {
                continue;
            }

            var blocks = false;
            for (var a = 0; a < actions.Count; a++)
            {
                if (prohibition.IsAbout(Probe(facts, actions[a])))
                {
                    prohibited[a] = blocks = true;
                }
            }

            if (blocks)
            {
                blocking.Add(new DecisionReason(prohibition.Path, ReasonKind.Prohibited,
                    $"prohibits {Terms.Compact(prohibition.Rule.Action.Iri)} for every job under this agreement (party {facts.Assignee}, purpose {facts.Purpose})"));
            }
        }

        var covered = false;
        for (var a = 0; a < actions.Count; a++)
        {
            var probe = Probe(facts, actions[a]);
            foreach (var permission in _permissions)
            {
                if (!permission.IsAbout(probe))
                {
                    continue;
                }

                covered = true;
                var own = new List<DecisionReason>();
                if (permission.Conclude(facts, own) is not (CheckOutcome.Violated or CheckOutcome.Unsupported))
                {
                    if (!prohibited[a])
                    {
                        return new ConclusionResult { MayPermit = true };
                    }
                }
                else
                {
                    foreach (var reason in own)
                    {
                        if (!reasons.Contains(reason))
                        {
                            reasons.Add(reason);
                        }
                    }
                }
            }
        }

        if (!covered)
        {
            reasons.Add(new DecisionReason("permission", ReasonKind.NoPermission,
                $"no permission covers any of the actions {string.Join(", ", actions.Select(Terms.Action))}"));
        }

        reasons.AddRange(blocking);
        return new ConclusionResult { MayPermit = false, Reasons = [.. reasons] };
    }

    private static EvaluationRequest Probe(ConclusionFacts facts, ActionKind action) => facts.Request with { Action = action };

    /// <summary>The slow path: the same decision, with every reason for the denial.</summary>
    private Decision Explain(EvaluationRequest request)
    {
        var reasons = new List<DecisionReason>(_policyFailures);
        if (request.Action == ActionKind.Unknown)
        {
            reasons.Add(new DecisionReason("request.action", ReasonKind.Unsupported, "unknown action; denied (fail closed)"));
        }

        if (string.IsNullOrEmpty(request.Purpose))
        {
            reasons.Add(new DecisionReason("request.purpose", ReasonKind.PurposeRequired, "a purpose is required"));
        }

        if (reasons.Count > 0)
        {
            return Decision.Deny([.. reasons]);
        }

        foreach (var prohibition in _prohibitions)
        {
            if (prohibition.IsAbout(request) && prohibition.Test(request) is var outcome && outcome != CheckOutcome.Violated)
            {
                reasons.Add(new DecisionReason(prohibition.Path, ReasonKind.Prohibited,
                    $"prohibits {Terms.Compact(prohibition.Rule.Action.Iri)}" + (outcome == CheckOutcome.Satisfied ? "" : " unless shown not to apply")));
                prohibition.Explain(request, reasons);
            }
        }

        if (reasons.Count > 0)
        {
            return Decision.Deny([.. reasons]);
        }

        foreach (var permission in _permissions)
        {
            if (permission.IsAbout(request))
            {
                permission.Explain(request, reasons);
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add(new DecisionReason("permission", ReasonKind.NoPermission, $"no permission covers the action {Terms.Action(request.Action)}"));
        }

        return Decision.Deny([.. reasons]);
    }
}
