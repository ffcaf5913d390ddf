using System.Buffers;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;

namespace DataSpace.Policy.Negotiation;

/// <summary>
/// What an offer must be before the connector accepts it (docs/policy-profile.md, "Offers"): every rule's action known,
/// every constraint one the evaluator can decide, columns of the dataset, known output kinds, well-formed module
/// digests, targets that name the dataset, no permission for models or custom analyses that asks for noise (they
/// run as WebAssembly modules, which never run under a differential-privacy policy), and a price the connector can
/// compute for every permission that has one (docs/metering.md, "Prices in offers and jobs"). A policy that passes cannot fail
/// later for any of these reasons; one that does not is refused at once, each problem at its JSON path in the document
/// as written.
/// </summary>
public static class OfferRules
{
    /// <summary>A dataset is named by its id or by <c>urn:dataset:</c> and its id.</summary>
    public const string DatasetIriPrefix = "urn:dataset:";

    private static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdef");

    private static readonly string[] OutputKinds = ["dsc:aggregate", "dsc:model", "dsc:custom"];
    private static readonly string[] ModuleOutputKinds = ["dsc:model", "dsc:custom"];
    private static readonly string[] FilterOperators = ["odrl:eq", "odrl:neq", "odrl:lt", "odrl:lteq", "odrl:gt", "odrl:gteq", "odrl:isAnyOf", "odrl:isNoneOf"];

    public static bool NamesDataset(string iri, string datasetId)
    {
        ArgumentNullException.ThrowIfNull(iri);
        ArgumentNullException.ThrowIfNull(datasetId);
        return iri == datasetId || (iri.StartsWith(DatasetIriPrefix, StringComparison.Ordinal) && iri.AsSpan(DatasetIriPrefix.Length).SequenceEqual(datasetId));
    }

    /// <summary>Checks a parsed offer for the dataset of <paramref name="context"/>.</summary>
    public static OfferCheck Check(PolicyParseResult parsed, OfferContext context)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(context);
        if (parsed.Policy is not { } policy)
        {
            return new OfferCheck { Errors = parsed.Errors };
        }

        var checker = new Checker(parsed.Sources, context);
        if (policy.InheritFrom.Count > 0)
        {
            checker.Add("inheritFrom", $"inherits from {string.Join(", ", policy.InheritFrom)}, which this connector does not resolve; write the rules into the offer");
        }

        checker.Target(policy.Target, "target");
        checker.Rules(policy, policy.Permissions, "permission");
        checker.Rules(policy, policy.Prohibitions, "prohibition");
        checker.Duties(policy.Obligations, "obligation");
        checker.Prices(policy);
        if (checker.Errors.Count == 0 && !policy.Permissions.Any(CoversAJob))
        {
            // Only when nothing more particular is wrong: then it is the offer as a whole.
            checker.Add(policy.Permissions.Count == 0 ? "$" : "permission",
                "no permission covers a job's action (use, dsc:computeAggregate, dsc:trainModel or dsc:customAnalysis): no job could ever run under this offer");
        }

        if (checker.Errors.Count > 0)
        {
            return new OfferCheck { Errors = [.. checker.Errors] };
        }

        var dataset = new Asset { Uid = context.DatasetId };
        Asset? Rebind(Asset? asset) => asset is null ? null : dataset;
        Asset? RebindOwn(Asset? asset) => asset is not null && (asset.Uid ?? asset.Source) is { } iri && NamesDataset(iri, context.DatasetId) ? dataset : asset;
        return new OfferCheck
        {
            Offer = policy with
            {
                Target = Rebind(policy.Target),
                Permissions = [.. policy.Permissions.Select(r => r with { Target = Rebind(r.Target) })],
                Prohibitions = [.. policy.Prohibitions.Select(r => r with { Target = Rebind(r.Target) })],
                Obligations = [.. policy.Obligations.Select(r => r with { Target = RebindOwn(r.Target) })],
            },
        };
    }

    private static bool CoversAJob(Rule permission)
    {
        foreach (var action in AgreementBuilder.JobActions)
        {
            if (ActionHierarchy.Covers(permission.Action.Kind, action, RuleKind.Permission))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Checker(PolicySourceMap sources, OfferContext context)
    {
        private readonly HashSet<PolicyError> _seen = [];

        public List<PolicyError> Errors { get; } = [];

        public void Rules(OdrlPolicy policy, ValueList<Rule> rules, string name)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i];
                var path = PathOf(rule, $"{name}[{i}]");
                Action(rule.Action, path);
                Target(rule.Target ?? policy.Target, path + ".target");
                if ((rule.Assignee ?? policy.Assignee) is { Refinements.Count: > 0 } party)
                {
                    Add(PathOf(party, path + ".assignee"), "refinements of parties cannot be evaluated by this connector; name the party");
                }

                for (var j = 0; j < rule.Action.Refinements.Count; j++)
                {
                    Constraint(rule.Action.Refinements[j], $"{path}.action.refinement[{j}]");
                }

                for (var j = 0; j < rule.Constraints.Count; j++)
                {
                    Constraint(rule.Constraints[j], $"{path}.constraint[{j}]");
                }

                if (name == "permission")
                {
                    NoNoiseForModules(rule, path);
                }

                Duties(rule.Duties, path + ".duty");
            }
        }

        /// <summary>
        /// Duties (a permission's, or the policy's obligations): their action must be one the connector can carry out.
        /// Their constraints and targets are passed on with the obligation, not evaluated, so they are not checked here.
        /// </summary>
        public void Duties(ValueList<Rule> duties, string name)
        {
            for (var i = 0; i < duties.Count; i++)
            {
                var path = PathOf(duties[i], $"{name}[{i}]");
                Action(duties[i].Action, path);
                if (duties[i].Action.Kind is not (ActionKind.Unknown or ActionKind.AcceptTracking or ActionKind.Inform or ActionKind.ReviewPolicy or ActionKind.Compensate))
                {
                    // A duty nobody performs would be an empty promise: refused, as the connector refuses jobs under one.
                    Add(PathOf(duties[i].Action, path + ".action"),
                        $"the connector cannot carry out the duty '{duties[i].Action.Iri}'; the duties it performs are acceptTracking, inform, reviewPolicy and compensate");
                }
            }
        }

        /// <summary>
        /// Every permission with a price (a <c>compensate</c> duty, or a policy-level one, which the profile refuses) must
        /// have one <see cref="PriceSchedule.TryParse(OdrlPolicy, int, out PriceSchedule?, out ValueList{PolicyError})"/>
        /// reads: otherwise the evaluator denies every job under it. The reader's paths follow the model; each is
        /// reported at the place in the document it was written.
        /// </summary>
        public void Prices(OdrlPolicy policy)
        {
            var policyPriced = policy.Obligations.Any(o => o.Action.Kind == ActionKind.Compensate);
            for (var i = 0; i < policy.Permissions.Count; i++)
            {
                if ((policyPriced || PriceSchedule.HasPrice(policy.Permissions[i])) && !PriceSchedule.TryParse(policy, i, out _, out var errors))
                {
                    var written = WrittenPaths(policy, i);
                    foreach (var error in errors)
                    {
                        Add(AsWritten(error.Path, written), error.Reason);
                    }
                }
            }
        }

        /// <summary>The document path of each node a price error can name, keyed by its model path.</summary>
        private Dictionary<string, string> WrittenPaths(OdrlPolicy policy, int permissionIndex)
        {
            var permission = policy.Permissions[permissionIndex];
            var path = $"permission[{permissionIndex}]";
            var paths = new Dictionary<string, string>(StringComparer.Ordinal) { [path] = PathOf(permission, path) };
            for (var j = 0; j < permission.Constraints.Count; j++)
            {
                paths[$"{path}.constraint[{j}]"] = PathOf(permission.Constraints[j], $"{path}.constraint[{j}]");
            }

            for (var j = 0; j < permission.Duties.Count; j++)
            {
                var duty = permission.Duties[j];
                var dutyPath = $"{path}.duty[{j}]";
                paths[dutyPath] = PathOf(duty, dutyPath);
                for (var k = 0; k < duty.Constraints.Count; k++)
                {
                    paths[$"{dutyPath}.constraint[{k}]"] = PathOf(duty.Constraints[k], $"{dutyPath}.constraint[{k}]");
                }

                for (var k = 0; k < duty.Action.Refinements.Count; k++)
                {
                    paths[$"{dutyPath}.action.refinement[{k}]"] = PathOf(duty.Action.Refinements[k], $"{dutyPath}.action.refinement[{k}]");
                }
            }

            for (var j = 0; j < policy.Obligations.Count; j++)
            {
                paths[$"obligation[{j}]"] = PathOf(policy.Obligations[j], $"obligation[{j}]");
            }

            return paths;
        }

        /// <summary><paramref name="modelPath"/> with its longest known node prefix replaced by where that node was written.</summary>
        private static string AsWritten(string modelPath, Dictionary<string, string> written)
        {
            for (var end = modelPath.Length; end > 0; end = modelPath.LastIndexOf('.', end - 1))
            {
                if (written.TryGetValue(modelPath[..end], out var path))
                {
                    return path + modelPath[end..];
                }
            }

            return modelPath;
        }

        public void Target(Asset? target, string path)
        {
            if (target is null)
            {
                return;
            }

            path = PathOf(target, path);
            if (target.Refinements.Count > 0)
            {
                Add(path, "refinements of assets cannot be evaluated by this connector; name the dataset");
            }
            else if ((target.Uid ?? target.Source) is not { } iri || !NamesDataset(iri, context.DatasetId))
            {
                Add(path, $"the target '{target.Uid ?? target.Source}' is not the dataset '{context.DatasetId}' (write \"{context.DatasetId}\" or \"{DatasetIriPrefix}{context.DatasetId}\")");
            }
        }

        private void Action(RuleAction action, string rulePath)
        {
            if (action.Kind == ActionKind.Unknown)
            {
                Add(PathOf(action, rulePath + ".action"),
                    $"unknown action '{action.Iri}'; this connector knows ODRL 2.2's actions and dsc:computeAggregate, dsc:trainModel, dsc:customAnalysis, dsc:rawExport");
            }
        }

        private void Constraint(ConstraintNode node, string modelPath)
        {
            var path = PathOf(node, modelPath);
            if (node is LogicalConstraint logical)
            {
                for (var i = 0; i < logical.Operands.Count; i++)
                {
                    Constraint(logical.Operands[i], $"{path}.operand[{i}]");
                }

                return;
            }

            var constraint = (Constraint)node;
            if (constraint.LeftOperand == LeftOperand.Unknown)
            {
                Add(path + ".leftOperand", ForeignTerms.Advice(constraint.LeftOperandIri));
                return;
            }

            if (ConstraintCompiler.Compile(constraint, path, obligationAllowed: false) is FailClosedCheck failed)
            {
                Add(path, failed.Expected + "; the constraint could never be decided, so it is refused");
                return;
            }

            var values = constraint.RightOperand is { Kind: RightOperandKind.List } list ? list.Items.AsSpan().ToArray() : [constraint.RightOperand!];
            for (var i = 0; i < values.Length; i++)
            {
                var valuePath = path + ".rightOperand" + (constraint.RightOperand!.Kind == RightOperandKind.List ? $"[{i}]" : "");
                var value = values[i].Lexical;
                switch (constraint.LeftOperand)
                {
                    case LeftOperand.Column or LeftOperand.FilterColumn when !context.Columns.Contains(value, StringComparer.Ordinal):
                        Add(valuePath, $"'{value}' is not a column of dataset '{context.DatasetId}' (its columns: {string.Join(", ", context.Columns)})");
                        break;
                    case LeftOperand.OutputKind when !OutputKinds.Any(kind => Terms.SameTerm(kind, value)):
                        Add(valuePath, $"'{value}' is not an output kind; expected dsc:aggregate, dsc:model or dsc:custom");
                        break;
                    case LeftOperand.FilterOperator when !FilterOperators.Any(op => Terms.SameTerm(op, value)):
                        Add(valuePath, $"'{value}' is not a filter comparison; expected {string.Join(", ", FilterOperators)} (as IRIs: {{\"@id\": \"odrl:eq\"}})");
                        break;
                    case LeftOperand.ModuleDigest when !IsDigest(value):
                        Add(valuePath, $"'{value}' is not a module digest; expected sha256: or sm3: and 64 lowercase hex digits");
                        break;
                }
            }
        }

        /// <summary>
        /// A permission only module jobs can use (<c>dsc:trainModel</c>, <c>dsc:customAnalysis</c>, or an output kind of
        /// model or custom only) must not ask for noise: a top-level <c>dsc:epsilon</c> or <c>dsc:delta</c> makes every
        /// such job refused (docs/module-review.md), so no job could ever run under it.
        /// </summary>
        private void NoNoiseForModules(Rule permission, string path)
        {
            if (permission.Action.Kind is not (ActionKind.TrainModel or ActionKind.CustomAnalysis) && !OnlyModuleOutputs(permission))
            {
                return;
            }

            for (var j = 0; j < permission.Constraints.Count; j++)
            {
                if (permission.Constraints[j] is Constraint { LeftOperand: LeftOperand.Epsilon or LeftOperand.Delta } noise)
                {
                    var operand = noise.LeftOperand == LeftOperand.Epsilon ? "dsc:epsilon" : "dsc:delta";
                    Add(PathOf(noise, $"{path}.constraint[{j}]"),
                        $"{operand} asks for differential privacy, but models and custom analyses run as WebAssembly modules, whose output is exact: a " +
                        "module never runs under a differential-privacy policy, so no job could ever run under this permission. Either drop " +
                        $"{operand} and let the supplier review each module with its source (docs/module-review.md), or permit dsc:computeAggregate " +
                        $"with {operand} for analysis plans, whose noise the host calibrates (docs/analysis-plans.md)");
                }
            }
        }

        /// <summary>A top-level <c>dsc:outputKind</c> constraint that admits only model or custom output.</summary>
        private static bool OnlyModuleOutputs(Rule permission)
        {
            foreach (var node in permission.Constraints)
            {
                if (node is Constraint { LeftOperand: LeftOperand.OutputKind, Operator: ConstraintOperator.Eq or ConstraintOperator.IsAnyOf or ConstraintOperator.IsPartOf or ConstraintOperator.IsAllOf } kind
                    && kind.RightOperand is { } right)
                {
                    var values = right.Kind == RightOperandKind.List ? right.Items.AsSpan().ToArray() : [right];
                    if (values.Length > 0 && values.All(v => ModuleOutputKinds.Any(k => Terms.SameTerm(k, v.Lexical))))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsDigest(string value)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var hex = value.AsSpan(colon + 1);
            return colon > 0 && value[..colon] is "sha256" or "sm3" && hex.Length == 64 && !hex.ContainsAnyExcept(Hex);
        }

        private string PathOf(object node, string modelPath) => sources.PathOf(node) ?? modelPath;

        public void Add(string path, string reason)
        {
            var error = new PolicyError(path, PolicyErrorKind.InvalidValue, reason);
            if (_seen.Add(error))
            {
                Errors.Add(error);
            }
        }
    }
}
