namespace DataSpace.Connector.Storage;

/// <summary>Where an agreement stands at a given time: the <c>state</c> filter of <c>GET /api/v1/agreements</c>.</summary>
public enum AgreementStanding
{
    /// <summary>Not revoked and not past its <c>validUntil</c>: jobs may run under it.</summary>
    Active,

    /// <summary>Revoked by the supplier (whatever its validity).</summary>
    Revoked,

    /// <summary>Not revoked, but past its <c>validUntil</c>.</summary>
    Ended,
}
