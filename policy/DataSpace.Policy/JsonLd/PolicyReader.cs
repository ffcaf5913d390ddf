using System.Text.Json;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>Reads a policy node and its rules, actions, parties and assets (ODRL IM §2.1-2.5) from a parsed document.</summary>
internal sealed class PolicyReader(ParseSession session)
{
    private const int MaxAtomicRules = 256;

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
        var type = ReadPolicyType(node);
        var uid = node.TryTake(PropertyTerm.Uid, out var uidValue, out var uidPath) ? session.ReadId(uidValue, uidPath) : null;
        var profiles = ReadIds(node, PropertyTerm.Profile);
        var inheritFrom = ReadIds(node, PropertyTerm.InheritFrom);
        var conflict = ReadConflict(node);

        // Compact Policy (ODRL IM §2.7.1): policy-level action, target and parties are shared by every rule without its own.
        var shared = new SharedProperties(
            node.Has(PropertyTerm.Action) ? ReadActions(node, "") : null,
            ReadEntities(node, PropertyTerm.Target, "AssetCollection", "an asset"),
            ReadEntities(node, PropertyTerm.Assigner, "PartyCollection", "a party"),
            ReadEntities(node, PropertyTerm.Assignee, "PartyCollection", "a party"));
        var policy = new OdrlPolicy
        {
            Type = type,
            Uid = uid,
            Profiles = profiles,
            InheritFrom = inheritFrom,
            Conflict = conflict,
            Assigner = shared.Assigners is [{ } e1] ? ToParty(e1) : null,
            Assignee = shared.Assignees is [{ } e2] ? ToParty(e2) : null,
            Target = shared.Targets is [{ } e3] ? ToAsset(e3) : null,
            Permissions = ReadRules(node, PropertyTerm.Permission, RuleKind.Permission, shared),
            Prohibitions = ReadRules(node, PropertyTerm.Prohibition, RuleKind.Prohibition, shared),
            Obligations = ReadRules(node, PropertyTerm.Obligation, RuleKind.Duty, shared),
        };
        node.ReportUnused("a policy");
        if (policy.Permissions.Count + policy.Prohibitions.Count + policy.Obligations.Count == 0 && !session.HasErrors)
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

    private ValueList<Rule> ReadRules(NodeProperties node, PropertyTerm term, RuleKind kind, SharedProperties? shared)
    {
        if (!node.TryTake(term, out var value, out var path))
        {
            return [];
        }

        var rules = new List<Rule>();
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            ReadRule(item, itemPath, kind, shared, rules);
        }

        return ValueList.Create<Rule>(rules.ToArray());
    }

    /// <summary>
    /// Reads one rule object into atomic rules (ODRL IM §2.7): one per combination of its actions, targets,
    /// assigners and assignees, each falling back to the policy's shared value.
    /// </summary>
    private void ReadRule(JsonElement element, string path, RuleKind kind, SharedProperties? shared, List<Rule> rules)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            session.Error(path, PolicyErrorKind.InvalidValue, $"a rule must be an object, found {ParseSession.Describe(element)}");
            return;
        }

        var node = NodeProperties.Read(element, path, session);
        node.TryTake(PropertyTerm.Type, out _, out _);
        List<RuleAction?>? actions = node.Has(PropertyTerm.Action) ? ReadActions(node, path) : shared?.Actions;
        if (actions is null)
        {
            node.TryTake(PropertyTerm.Action, out _, out _);
            session.Error(path, PolicyErrorKind.MissingProperty, "a rule needs an action");
        }

        var uid = node.TryTake(PropertyTerm.Uid, out var uidValue, out var uidPath) ? session.ReadId(uidValue, uidPath) : null;
        var targets = Or(ReadEntities(node, PropertyTerm.Target, "AssetCollection", "an asset"), shared?.Targets);
        var assigners = Or(ReadEntities(node, PropertyTerm.Assigner, "PartyCollection", "a party"), shared?.Assigners);
        var assignees = Or(ReadEntities(node, PropertyTerm.Assignee, "PartyCollection", "a party"), shared?.Assignees);
        var constraints = _constraints.ReadAll(node, PropertyTerm.Constraint);
        var duties = kind == RuleKind.Permission ? ReadRules(node, PropertyTerm.Duty, RuleKind.Duty, null) : [];
        var remedies = kind == RuleKind.Prohibition ? ReadRules(node, PropertyTerm.Remedy, RuleKind.Duty, null) : [];
        var consequences = kind == RuleKind.Duty ? ReadRules(node, PropertyTerm.Consequence, RuleKind.Duty, null) : [];
        node.ReportUnused(kind == RuleKind.Duty ? "a duty" : $"a {kind.ToString().ToLowerInvariant()}");
        if (actions is null || actions.Contains(null) || targets.Contains(null) || assigners.Contains(null) || assignees.Contains(null))
        {
            return;
        }

        if ((long)actions.Count * targets.Count * assigners.Count * assignees.Count > MaxAtomicRules)
        {
            session.Error(path, PolicyErrorKind.InvalidValue, $"the rule expands to more than {MaxAtomicRules} atomic rules");
            return;
        }

        foreach (var target in targets)
        {
            foreach (var action in actions)
            {
                foreach (var assigner in assigners)
                {
                    foreach (var assignee in assignees)
                    {
                        rules.Add(session.Sources.Record(new Rule
                        {
                            Kind = kind,
                            Uid = uid,
                            Action = action!,
                            Target = ToAsset(target!),
                            Assigner = ToParty(assigner!),
                            Assignee = ToParty(assignee!),
                            Constraints = constraints,
                            Duties = duties,
                            Remedies = remedies,
                            Consequences = consequences,
                        }, path));
                    }
                }
            }
        }
    }

    /// <summary>The node's own values, else the shared ones, else one absent value; a null item marks one that failed to read.</summary>
    private static List<Entity?> Or(List<Entity?>? own, List<Entity?>? shared) =>
        own ?? (shared is { Count: > 0 } ? shared : [Entity.Absent]);

    private List<RuleAction?> ReadActions(NodeProperties node, string nodePath)
    {
        node.TryTake(PropertyTerm.Action, out var value, out var path);
        var actions = new List<RuleAction?>();
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            actions.Add(ReadAction(item, itemPath));
        }

        if (actions.Count == 0)
        {
            session.Error(path, PolicyErrorKind.MissingProperty, "a rule needs an action");
            actions.Add(null);
        }

        return actions;
    }

    private RuleAction? ReadAction(JsonElement item, string itemPath)
    {
        if (item.ValueKind != JsonValueKind.Object || !HasRefinementOrValue(item))
        {
            return session.ReadVocab(item, itemPath) is { } iri ? session.Sources.Record(NewAction(iri, []), itemPath) : null;
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
        return name is null ? null : session.Sources.Record(NewAction(name, refinements), itemPath);
    }

    private static bool HasRefinementOrValue(JsonElement item)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (!property.NameEquals("@id"))
            {
                return true;
            }
        }

        return false;
    }

    private static RuleAction NewAction(string iri, ValueList<ConstraintNode> refinements) =>
        new()
        {
            Kind = Vocabulary.Actions.TryGet(iri, out var kind) ? kind : ActionKind.Unknown,
            Iri = iri,
            Refinements = refinements,
        };

    private Party? ToParty(Entity e) => ReferenceEquals(e, Entity.Absent) ? null :
        session.Sources.Record(new Party { Uid = e.Uid, IsCollection = e.IsCollection, Source = e.Source, Refinements = e.Refinements }, e.Path);

    private Asset? ToAsset(Entity e) => ReferenceEquals(e, Entity.Absent) ? null :
        session.Sources.Record(new Asset { Uid = e.Uid, IsCollection = e.IsCollection, Source = e.Source, Refinements = e.Refinements }, e.Path);

    /// <summary>Reads the values of a target, assigner or assignee property; null when the property is absent.</summary>
    private List<Entity?>? ReadEntities(NodeProperties node, PropertyTerm term, string collectionClass, string nodeName)
    {
        if (!node.TryTake(term, out var value, out var path))
        {
            return null;
        }

        var entities = new List<Entity?>();
        foreach (var (item, itemPath) in session.Items(value, path))
        {
            entities.Add(ReadEntity(item, itemPath, collectionClass, nodeName));
        }

        return entities.Count == 0 ? null : entities;
    }

    private Entity? ReadEntity(JsonElement value, string path, string collectionClass, string nodeName)
    {
        if (value.ValueKind != JsonValueKind.Object || (value.TryGetProperty("@id", out _) && !HasRefinementOrValue(value)))
        {
            return session.ReadId(value, path) is { } uid ? new Entity(uid, false, null, [], path) : null;
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

        var id = entity.TryTake(PropertyTerm.Uid, out var uidValue, out var uidPath) ? session.ReadId(uidValue, uidPath) : null;
        var source = entity.TryTake(PropertyTerm.Source, out var sourceValue, out var sourcePath) ? session.ReadId(sourceValue, sourcePath) : null;
        var refinements = _constraints.ReadAll(entity, PropertyTerm.Refinement);
        entity.ReportUnused(nodeName);
        if (id is null && source is null)
        {
            session.Error(path, PolicyErrorKind.MissingProperty, $"{nodeName} needs a 'uid' or, for a collection, a 'source'");
            return null;
        }

        return new Entity(id, isCollection || source is not null || refinements.Count > 0, source, refinements, path);
    }

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
