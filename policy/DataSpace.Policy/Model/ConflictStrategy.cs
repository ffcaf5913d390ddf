namespace DataSpace.Policy.Model;

/// <summary>The ODRL <c>conflict</c> property (ODRL IM §2.1.2): how permissions and prohibitions that clash resolve.</summary>
public enum ConflictStrategy
{
    /// <summary><c>odrl:perm</c>: permissions win.</summary>
    Perm,

    /// <summary><c>odrl:prohibit</c>: prohibitions win.</summary>
    Prohibit,

    /// <summary><c>odrl:invalid</c>: the policy is void on any conflict.</summary>
    Invalid,
}
