namespace DataSpace.Policy.State;

/// <summary>Whether a reservation was granted, and if not, which limit stopped it.</summary>
public enum ReservationOutcome
{
    Granted,

    /// <summary>The agreement's uses already reached the limit.</summary>
    UseLimitReached,

    /// <summary>Spent epsilon plus the requested epsilon would exceed the epsilon limit.</summary>
    EpsilonLimitExceeded,

    /// <summary>Spent delta plus the requested delta would exceed the delta limit (epsilon fitted).</summary>
    DeltaLimitExceeded,
}
