namespace DataSpace.Policy.Model;

/// <summary>The three ODRL rule classes (ODRL IM §2.5).</summary>
public enum RuleKind
{
    Permission,
    Prohibition,

    /// <summary>An obligation, a permission's duty, a prohibition's remedy or a duty's consequence.</summary>
    Duty,
}
