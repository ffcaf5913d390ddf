namespace DataSpace.Crypto.HttpSignatures;

/// <summary>Remembers the nonces of accepted signatures so that a replayed request is refused (RFC 9421 section 7.2.2).</summary>
public interface INonceStore
{
    /// <summary>
    /// Records <paramref name="nonce"/> of <paramref name="keyId"/> until <paramref name="expiresAt"/>. False when
    /// the pair is already remembered and not yet expired (a replay), or when the store refuses to take it.
    /// </summary>
    public bool TryRemember(string keyId, string nonce, DateTimeOffset expiresAt);

    /// <summary>
    /// True when <paramref name="nonce"/> of <paramref name="keyId"/> is remembered and not yet expired: a request
    /// carrying it is a replay, refused before its body is read. Nothing is recorded; <see cref="TryRemember"/> still
    /// decides once the request is verified. A store that cannot tell cheaply answers false.
    /// </summary>
    public bool IsRemembered(string keyId, string nonce) => false;
}
