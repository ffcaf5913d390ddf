using System.Text.Json;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>Reads a policy node and its rules, actions, parties and assets (ODRL IM §2.1-2.5) from a parsed document.</summary>
internal sealed class PolicyReader(ParseSession session)
{
    private readonly ConstraintReader _constraints = new(session);

    public OdrlPolicy? ReadPolicy(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            session.Error("", PolicyErrorKind.InvalidValue, $"a policy must be a JSON object, found {ParseSession.Describe(root)}");
            return null;
        }

        if (root.TryGetProperty("@context", out var context))
        {
            session.Context = JsonLdContext.Build(context, "@context", session);
        }

        var node = NodeProperties.Read(root, "", session);
        var policy = new OdrlPolicy
        {
            Type = ReadPolicyType(node),
            Uid = ReadOptionalId(node, PropertyTerm.Uid),
            Profiles = ReadIds(node, PropertyTerm.Profile),
            InheritFrom = ReadIds(node, PropertyTerm.InheritFrom),
            Conflict = ReadConflict(node),
            Assigner = ReadParty(node, PropertyTerm.Assigner),
            Assignee = ReadParty(node, PropertyTerm.Assignee),
            Target = ReadAsset(node),
            Permissions = ReadRules(node, PropertyTerm.Permission, RuleKind.Permission),
            Prohibitions = ReadRules(node, PropertyTerm.Prohibition, RuleKind.Prohibition),
            Obligations = ReadRules(node, PropertyTerm.Obligation, RuleKind.Duty),
        };
        node.ReportUnused("a policy");
        if (!node.Has(PropertyTerm.Permission) && !node.Has(PropertyTerm.Prohibition) && !node.Has(PropertyTerm.Obligation))
        {
            session.Error("", PolicyErrorKind.MissingProperty, "a policy needs at least one permission, prohibition or obligation (ODRL IM §2.1)");
        }

        return policy;
    }

    private PolicyType ReadPolicyType(NodeProperties node)
    {
        if (!node.TryTake(PropertyTerm.Type, out var value, out var path))
        {
            return PolicyType.Set;
        }

        PolicyType? found = null;
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            if (!ParseSession.TryGetString(item, out var text))
            {
                session.Error(itemPath, PolicyErrorKind.InvalidValue, $"expected a type name, found {ParseSession.Describe(item)}");
                continue;
            }

            var iri = session.Context.ExpandVocab(text);
            if (Vocabulary.PolicyTypes.TryGet(iri, out var type))
            {
                found = type;
            }
            else if (iri == PolicyNamespaces.Odrl + "Policy")
            {
                found ??= PolicyType.Set;
            }
            else if (iri.StartsWith(PolicyNamespaces.Odrl, StringComparison.Ordinal))
            {
                session.Error(itemPath, PolicyErrorKind.UnsupportedType, $"unsupported policy type '{text}'; expected Set, Offer or Agreement");
            }
        }

        return found ?? PolicyType.Set;
    }

    private ConflictStrategy? ReadConflict(NodeProperties node)
    {
        if (!node.TryTake(PropertyTerm.Conflict, out var value, out var path))
        {
            return null;
        }

        if (session.ReadVocab(value, path) is not { } iri)
        {
            return null;
        }

        if (Vocabulary.ConflictStrategies.TryGet(iri, out var strategy))
        {
            return strategy;
        }

        session.Error(path, PolicyErrorKind.UnsupportedType, $"unknown conflict strategy '{iri}'; expected perm, prohibit or invalid");
        return null;
    }

    private ValueList<Rule> ReadRules(NodeProperties node, PropertyTerm term, RuleKind kind)
    {
        if (!node.TryTake(term, out var value, out var path))
        {
            return [];
        }

        var rules = new List<Rule>();
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            if (ReadRule(item, itemPath, kind) is { } rule)
            {
                rules.Add(rule);
            }
        }

        return ValueList.Create<Rule>(rules.ToArray());
    }

    private Rule? ReadRule(JsonElement element, string path, RuleKind kind)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            session.Error(path, PolicyErrorKind.InvalidValue, $"a rule must be an object, found {ParseSession.Describe(element)}");
            return null;
        }

        var node = NodeProperties.Read(element, path, session);
        node.TryTake(PropertyTerm.Type, out _, out _);
        var action = ReadAction(node, path);
        var rule = action is null ? null : new Rule
        {
            Kind = kind,
            Action = action,
            Uid = ReadOptionalId(node, PropertyTerm.Uid),
            Target = ReadAsset(node),
            Assigner = ReadParty(node, PropertyTerm.Assigner),
            Assignee = ReadParty(node, PropertyTerm.Assignee),
            Constraints = _constraints.ReadAll(node, PropertyTerm.Constraint),
            Duties = kind == RuleKind.Permission ? ReadRules(node, PropertyTerm.Duty, RuleKind.Duty) : [],
            Remedies = kind == RuleKind.Prohibition ? ReadRules(node, PropertyTerm.Remedy, RuleKind.Duty) : [],
            Consequences = kind == RuleKind.Duty ? ReadRules(node, PropertyTerm.Consequence, RuleKind.Duty) : [],
        };
        node.ReportUnused(kind == RuleKind.Duty ? "a duty" : $"a {kind.ToString().ToLowerInvariant()}");
        return rule;
    }

    private RuleAction? ReadAction(NodeProperties node, string rulePath)
    {
        if (!node.TryTake(PropertyTerm.Action, out var value, out var path))
        {
            session.Error(rulePath, PolicyErrorKind.MissingProperty, "a rule needs an action");
            return null;
        }

        var items = session.Items(value, path).ToList();
        if (items.Count != 1)
        {
            session.Error(path, PolicyErrorKind.InvalidValue, $"a rule has exactly one action (ODRL IM §2.5); found {items.Count}");
            return null;
        }

        var (item, itemPath) = items[0];
        if (item.ValueKind != JsonValueKind.Object)
        {
            return session.ReadVocab(item, itemPath) is { } iri ? NewAction(iri, []) : null;
        }

        var actionNode = NodeProperties.Read(item, itemPath, session);
        actionNode.TryTake(PropertyTerm.Type, out _, out _);
        string? name = null;
        if (actionNode.TryTake(PropertyTerm.Value, out var named, out var namedPath) ||
            actionNode.TryTake(PropertyTerm.Uid, out named, out namedPath))
        {
            name = session.ReadVocab(named, namedPath);
        }
        else
        {
            session.Error(itemPath, PolicyErrorKind.MissingProperty, "an action object needs 'rdf:value' or '@id' naming the action");
        }

        var refinements = _constraints.ReadAll(actionNode, PropertyTerm.Refinement);
        actionNode.ReportUnused("an action");
        return name is null ? null : NewAction(name, refinements);
    }

    private static RuleAction NewAction(string iri, ValueList<ConstraintNode> refinements) =>
        new()
        {
            Kind = Vocabulary.Actions.TryGet(iri, out var kind) ? kind : ActionKind.Unknown,
            Iri = iri,
            Refinements = refinements,
        };

    private Party? ReadParty(NodeProperties node, PropertyTerm term) =>
        ReadEntity(node, term, "PartyCollection", "a party") is { } e
            ? new Party { Uid = e.Uid, IsCollection = e.IsCollection, Source = e.Source, Refinements = e.Refinements }
            : null;

    private Asset? ReadAsset(NodeProperties node) =>
        ReadEntity(node, PropertyTerm.Target, "AssetCollection", "an asset") is { } e
            ? new Asset { Uid = e.Uid, IsCollection = e.IsCollection, Source = e.Source, Refinements = e.Refinements }
            : null;

    private (string Uid, bool IsCollection, string? Source, ValueList<ConstraintNode> Refinements)? ReadEntity(
        NodeProperties node, PropertyTerm term, string collectionClass, string nodeName)
    {
        if (!node.TryTake(term, out var value, out var path))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = session.Items(value, path).ToList();
            if (items.Count != 1)
            {
                session.Error(path, PolicyErrorKind.InvalidValue, $"expected one {term.ToString().ToLowerInvariant()}, found {items.Count}");
                return null;
            }

            (value, path) = items[0];
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return session.ReadId(value, path) is { } uid ? (uid, false, null, []) : null;
        }

        var entity = NodeProperties.Read(value, path, session);
        var isCollection = false;
        if (entity.TryTake(PropertyTerm.Type, out var type, out var typePath))
        {
            foreach (var (item, _) in session.Items(type, typePath))
            {
                isCollection |= ParseSession.TryGetString(item, out var t) &&
                                session.Context.ExpandVocab(t) == PolicyNamespaces.Odrl + collectionClass;
            }
        }

        string? id = null;
        if (entity.TryTake(PropertyTerm.Uid, out var uidValue, out var uidPath))
        {
            id = session.ReadId(uidValue, uidPath);
        }
        else
        {
            session.Error(path, PolicyErrorKind.MissingProperty, $"{nodeName} needs a 'uid' or '@id'");
        }

        var source = entity.TryTake(PropertyTerm.Source, out var sourceValue, out var sourcePath) ? session.ReadId(sourceValue, sourcePath) : null;
        var refinements = _constraints.ReadAll(entity, PropertyTerm.Refinement);
        entity.ReportUnused(nodeName);
        return id is null ? null : (id, isCollection || source is not null || refinements.Count > 0, source, refinements);
    }

    private string? ReadOptionalId(NodeProperties node, PropertyTerm term) =>
        node.TryTake(term, out var value, out var path) ? session.ReadId(value, path) : null;

    private ValueList<string> ReadIds(NodeProperties node, PropertyTerm term)
    {
        if (!node.TryTake(term, out var value, out var path))
        {
            return [];
        }

        var ids = new List<string>();
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            if (session.ReadId(item, itemPath) is { } id)
            {
                ids.Add(id);
            }
        }

        return ValueList.Create<string>(ids.ToArray());
    }
}
