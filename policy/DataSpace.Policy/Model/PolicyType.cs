namespace DataSpace.Policy.Model;

/// <summary>The ODRL 2.2 policy subclasses this connector accepts (ODRL IM §2.1).</summary>
public enum PolicyType
{
    /// <summary><c>odrl:Set</c>, also the meaning of a bare <c>odrl:Policy</c>.</summary>
    Set,

    /// <summary><c>odrl:Offer</c>: proposed by an assigner.</summary>
    Offer,

    /// <summary><c>odrl:Agreement</c>: granted by an assigner to an assignee.</summary>
    Agreement,
}
