using System.Collections.Frozen;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The reason a refusal message names, as a bounded label for metrics. The connector and the gateway word every refusal
/// of a signature or assertion as <c>"... refused (Reason): detail"</c> with a <see cref="HttpSignatureFailure"/> or
/// <see cref="GatewayAssertionFailure"/> name; anything else (no signature, a body too large, another name) is
/// <see cref="Other"/>, so a client can never add a label value of its own.
/// </summary>
public static class SignatureRefusals
{
    /// <summary>The label of a refusal that names no known reason.</summary>
    public const string Other = "Other";

    private static readonly FrozenSet<string> Known = Enum.GetNames<HttpSignatureFailure>()
        .Concat(Enum.GetNames<GatewayAssertionFailure>())
        .Append("PartyMismatch")
        .Where(name => name != nameof(HttpSignatureFailure.None))
        .ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The known reason in the first parenthesised word of <paramref name="message"/>, else <see cref="Other"/>.</summary>
    public static string ReasonOf(string? message)
    {
        var text = message.AsSpan();
        var open = text.IndexOf('(');
        if (open < 0)
        {
            return Other;
        }

        var rest = text[(open + 1)..];
        var close = rest.IndexOf(')');
        return close > 0 && Lookup.TryGetValue(rest[..close], out var reason) ? reason : Other;
    }
}
