namespace DataSpace.Crypto.HttpSignatures;

/// <summary>Why a <c>Dsc-Gateway</c> assertion was refused.</summary>
public enum GatewayAssertionFailure
{
    None,

    /// <summary>The header is not an RFC 8941 dictionary with exactly the members of the format.</summary>
    Malformed,

    /// <summary>The MAC does not match: another secret, or the method, target, party, key id, time, nonce or digest changed.</summary>
    MacInvalid,

    /// <summary><c>created</c> is further in the past than the maximum age (plus clock skew).</summary>
    TooOld,

    /// <summary><c>created</c> is further in the future than the clock skew.</summary>
    CreatedInFuture,

    /// <summary>The nonce was seen before within the replay window (or the replay store is full).</summary>
    Replayed,
}
