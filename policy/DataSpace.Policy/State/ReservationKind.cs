namespace DataSpace.Policy.State;

/// <summary>What a reservation holds.</summary>
public enum ReservationKind
{
    /// <summary>One use of the agreement (<c>odrl:count</c>).</summary>
    Use,

    /// <summary>Privacy budget (<c>dsc:epsilon</c>, <c>dsc:delta</c>).</summary>
    Budget,
}
