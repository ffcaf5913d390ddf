namespace DataSpace.Policy.JsonLd;

/// <summary>Policy-level action, target and parties that a compact policy shares with its rules (ODRL IM §2.7.1).</summary>
internal sealed record SharedProperties(
    List<Model.RuleAction?>? Actions, List<Entity?>? Targets, List<Entity?>? Assigners, List<Entity?>? Assignees);
