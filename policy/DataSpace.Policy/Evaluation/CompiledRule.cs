using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// A permission or prohibition compiled once: its action, target, assignee and an array of checks
/// (constraints, action refinements, undecidable duties), and for a permission the permit decision it gives.
/// </summary>
internal sealed class CompiledRule
{
    private readonly ConstraintCheck[] _checks;
    private readonly string? _target;
    private readonly string? _assignee;
    private readonly bool _permitsLinking;
    private readonly bool _permitsFiltering;

    public CompiledRule(OdrlPolicy policy, Rule rule, string path)
    {
        Path = path;
        Kind = rule.Kind;
        Rule = rule;
        _target = (rule.Target ?? policy.Target)?.Uid ?? (rule.Target ?? policy.Target)?.Source;
        _assignee = (rule.Assignee ?? policy.Assignee)?.Uid ?? (rule.Assignee ?? policy.Assignee)?.Source;
        var checks = new List<ConstraintCheck>();
        if (rule.Action.Kind == ActionKind.Unknown)
        {
            checks.Add(new FailClosedCheck($"{path}.action", $"unknown action '{rule.Action.Iri}'"));
        }

        AddRefinements(checks, (rule.Target ?? policy.Target)?.Refinements, $"{path}.target");
        AddRefinements(checks, (rule.Assignee ?? policy.Assignee)?.Refinements, $"{path}.assignee");
        for (var i = 0; i < rule.Action.Refinements.Count; i++)
        {
            checks.Add(ConstraintCompiler.Compile(rule.Action.Refinements[i], $"{path}.action.refinement[{i}]", obligationAllowed: false));
        }

        for (var i = 0; i < rule.Constraints.Count; i++)
        {
            checks.Add(ConstraintCompiler.Compile(rule.Constraints[i], $"{path}.constraint[{i}]", obligationAllowed: rule.Kind == RuleKind.Permission));
            _permitsLinking |= rule.Constraints[i] is Constraint { LeftOperand: LeftOperand.LinkedDataset };
            _permitsFiltering |= rule.Constraints[i] is Constraint { LeftOperand: LeftOperand.FilterColumn };
        }

        for (var i = 0; i < rule.Duties.Count; i++)
        {
            if (rule.Duties[i].Action.Kind == ActionKind.Unknown)
            {
                checks.Add(new FailClosedCheck($"{path}.duty[{i}].action", $"unknown duty action '{rule.Duties[i].Action.Iri}'; the connector cannot fulfil it"));
            }
        }

        if (rule.Kind == RuleKind.Permission && HasPrice(policy, rule) && !PriceSchedule.TryParse(policy, rule, path, out _, out var priceErrors))
        {
            // A price the connector cannot compute would let jobs run unpaid or be billed wrongly: fail closed (docs/metering.md).
            foreach (var error in priceErrors)
            {
                checks.Add(new FailClosedCheck(error.Path, $"the price cannot be computed: {error.Reason}"));
            }
        }

        _checks = [.. checks];
        Permit = rule.Kind == RuleKind.Permission
            ? new Decision { Effect = DecisionEffect.Permit, Permission = path, PermittedBy = rule, Obligations = Obligations.For(policy, rule, path) }
            : null;
    }

    public string Path { get; }

    public RuleKind Kind { get; }

    public Rule Rule { get; }

    /// <summary>The permit decision of a permission, built once; null for a prohibition.</summary>
    public Decision? Permit { get; }

    /// <summary>Whether the rule is about the requested action; an unknown rule action is about every request (fail closed).</summary>
    public bool IsAbout(EvaluationRequest request) =>
        Rule.Action.Kind == ActionKind.Unknown || ActionHierarchy.Covers(Rule.Action.Kind, request.Action, Kind);

    /// <summary>Satisfied when the rule applies to the request; Missing/Unsupported when that cannot be told.</summary>
    public CheckOutcome Test(EvaluationRequest request)
    {
        if (_target is not null && !string.Equals(_target, request.Target, StringComparison.Ordinal))
        {
            return request.Target is null ? CheckOutcome.Missing : CheckOutcome.Violated;
        }

        if (_assignee is not null && !string.Equals(_assignee, request.Assignee, StringComparison.Ordinal))
        {
            return request.Assignee is null ? CheckOutcome.Missing : CheckOutcome.Violated;
        }

        var result = Kind == RuleKind.Permission && (LinksUnpermitted(request) || FiltersUnpermitted(request))
            ? CheckOutcome.Violated
            : CheckOutcome.Satisfied;
        foreach (var check in _checks)
        {
            var outcome = check.Test(request);
            if (outcome is CheckOutcome.Missing or CheckOutcome.Unsupported)
            {
                return outcome;
            }

            if (outcome == CheckOutcome.Violated)
            {
                result = outcome;
            }
        }

        return result;
    }

    /// <summary>
    /// What the rule's checks give for every request with <paramref name="facts"/> (see <see cref="ConstraintCheck.Conclude"/>):
    /// Violated or Unsupported when one check always is, Satisfied when all always are, null when a job decides.
    /// Target and assignee are compared with the facts'. Adds the reasons of every check that is always Violated or Unsupported.
    /// </summary>
    public CheckOutcome? Conclude(ConclusionFacts facts, List<DecisionReason> reasons)
    {
        if (_target is not null && !string.Equals(_target, facts.Target, StringComparison.Ordinal))
        {
            reasons.Add(new DecisionReason($"{Path}.target", ReasonKind.TargetMismatch, $"target {_target}, actual {facts.Target}"));
            return CheckOutcome.Violated;
        }

        if (_assignee is not null && !string.Equals(_assignee, facts.Assignee, StringComparison.Ordinal))
        {
            reasons.Add(new DecisionReason($"{Path}.assignee", ReasonKind.AssigneeMismatch, $"assignee {_assignee}, actual {facts.Assignee}"));
            return CheckOutcome.Violated;
        }

        CheckOutcome? result = CheckOutcome.Satisfied;
        foreach (var check in _checks)
        {
            switch (check.Conclude(facts, reasons))
            {
                case CheckOutcome.Unsupported:
                    result = CheckOutcome.Unsupported;
                    break;
                case CheckOutcome.Violated when result != CheckOutcome.Unsupported:
                    result = CheckOutcome.Violated;
                    break;
                case null when result == CheckOutcome.Satisfied:
                    result = null;
                    break;
            }
        }

        return result;
    }

    /// <summary>Adds the reasons the rule does not apply (permission) or may apply (prohibition).</summary>
    public void Explain(EvaluationRequest request, List<DecisionReason> reasons)
    {
        if (_target is not null && !string.Equals(_target, request.Target, StringComparison.Ordinal))
        {
            reasons.Add(new DecisionReason($"{Path}.target", ReasonKind.TargetMismatch, $"target {_target}, actual {request.Target ?? "missing"}"));
            return;
        }

        if (_assignee is not null && !string.Equals(_assignee, request.Assignee, StringComparison.Ordinal))
        {
            reasons.Add(new DecisionReason($"{Path}.assignee", ReasonKind.AssigneeMismatch, $"assignee {_assignee}, actual {request.Assignee ?? "missing"}"));
            return;
        }

        if (Kind == RuleKind.Permission && LinksUnpermitted(request))
        {
            reasons.Add(new DecisionReason(Path, ReasonKind.LinkingNotPermitted,
                $"no dsc:linkedDataset constraint permits linking with [{string.Join(", ", request.LinkedDatasets!)}]"));
        }

        if (Kind == RuleKind.Permission && FiltersUnpermitted(request))
        {
            reasons.Add(new DecisionReason(Path, ReasonKind.FilteringNotPermitted,
                $"no dsc:filterColumn constraint permits filters on [{string.Join(", ", request.FilterColumns!)}]"));
        }

        foreach (var check in _checks)
        {
            check.Explain(request, reasons);
        }
    }

    /// <summary>Linking needs a permission that names the datasets it may link with (seed 002, art. 21).</summary>
    private bool LinksUnpermitted(EvaluationRequest request) => !_permitsLinking && request.LinkedDatasets is { Count: > 0 };

    /// <summary>
    /// Filters select rows by comparing columns with literals, the stuff of differencing attacks: a permission must
    /// say which columns may be compared (<c>dsc:filterColumn</c>), or it permits no filters at all.
    /// </summary>
    private bool FiltersUnpermitted(EvaluationRequest request) => !_permitsFiltering && request.FilterColumns is { Count: > 0 };

    private static bool HasPrice(OdrlPolicy policy, Rule permission) =>
        PriceSchedule.HasPrice(permission) || policy.Obligations.Any(o => o.Action.Kind == ActionKind.Compensate);

    private static void AddRefinements(List<ConstraintCheck> checks, ValueList<ConstraintNode>? refinements, string path)
    {
        if (refinements is { Count: > 0 })
        {
            checks.Add(new FailClosedCheck($"{path}.refinement", "refinements of parties and assets cannot be evaluated by this connector"));
        }
    }
}
