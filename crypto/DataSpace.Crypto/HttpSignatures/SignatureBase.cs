using System.Text;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>Builds the signature base of RFC 9421 section 2.5.</summary>
internal static class SignatureBase
{
    /// <summary>
    /// One line <c>"name": value</c> per covered component, then <c>"@signature-params": </c> and the serialised
    /// inner list, lines joined with LF and no LF at the end. A covered component the message lacks is reported
    /// through <paramref name="missing"/> (and null returned); a value that is not printable US-ASCII is an
    /// <see cref="HttpSignatureException"/>.
    /// </summary>
    public static string? TryBuild(HttpMessageComponents message, SignatureInput input, out string? missing)
    {
        var builder = new StringBuilder();
        foreach (var name in input.Components)
        {
            var value = name.StartsWith('@') ? message.GetDerivedComponent(name) : message.GetCanonicalHeader(name);
            if (value is null)
            {
                missing = name;
                return null;
            }

            foreach (var c in value)
            {
                if (c is not ('\t' or (>= ' ' and <= '~')))
                {
                    throw new HttpSignatureException($"component '{name}' holds a character that is not printable US-ASCII");
                }
            }

            builder.Append('"').Append(name).Append("\": ").Append(value).Append('\n');
        }

        builder.Append("\"@signature-params\": ").Append(input.Serialize());
        missing = null;
        return builder.ToString();
    }

    public static byte[] Encode(string signatureBase) => Encoding.ASCII.GetBytes(signatureBase);
}
