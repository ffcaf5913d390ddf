namespace DataSpace.Crypto.HttpSignatures;

/// <summary>The outcome of verifying a signed HTTP message: what was verified, or why it was refused.</summary>
public sealed record HttpSignatureResult
{
    public bool IsValid => Failure == HttpSignatureFailure.None;

    public HttpSignatureFailure Failure { get; init; }

    /// <summary>What was wrong (or what was verified), naming the field, component or parameter.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The label of the signature examined, once one was chosen.</summary>
    public string? Label { get; init; }

    /// <summary>The <c>keyid</c>, once read.</summary>
    public string? KeyId { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public string? Nonce { get; init; }

    public string? Tag { get; init; }

    /// <summary>The covered components, in signed order; empty unless the signature verified.</summary>
    public IReadOnlyList<string> CoveredComponents { get; init; } = [];

    /// <summary>A refusal with its reason, for verifiers and the servers adapting them (an origin that is not theirs).</summary>
    public static HttpSignatureResult Fail(HttpSignatureFailure failure, string detail, string? label = null, string? keyId = null) =>
        new() { Failure = failure, Detail = detail, Label = label, KeyId = keyId };
}
