using DataSpace.Crypto.HttpSignatures.StructuredFields;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// One member of <c>Signature-Input</c>: the covered components and the signature parameters
/// (RFC 9421 sections 2.3 and 4.1), kept as the inner list that the <c>@signature-params</c> line serialises.
/// </summary>
internal sealed class SignatureInput
{
    private SignatureInput(SfInnerList list, IReadOnlyList<string> components)
    {
        List = list;
        Components = components;
    }

    public SfInnerList List { get; }

    public IReadOnlyList<string> Components { get; }

    public long? Created { get; private init; }

    public long? Expires { get; private init; }

    public string? Nonce { get; private init; }

    public string? Algorithm { get; private init; }

    public string? KeyId { get; private init; }

    public string? Tag { get; private init; }

    /// <summary>The serialised inner list: the value after <c>"@signature-params": </c> and after the label.</summary>
    public string Serialize() => SfSerializer.Member(List);

    /// <summary>Builds the input for signing; parameters in the order created, expires, nonce, alg, keyid, tag.</summary>
    public static SignatureInput Create(
        IReadOnlyList<string> components, long created, long? expires, string? nonce, string? algorithm, string? keyId, string? tag)
    {
        var parameters = new List<KeyValuePair<string, object>> { new("created", created) };
        AddIf(parameters, "expires", expires);
        AddIf(parameters, "nonce", nonce);
        AddIf(parameters, "alg", algorithm);
        AddIf(parameters, "keyid", keyId);
        AddIf(parameters, "tag", tag);
        var list = new SfInnerList([.. components.Select(c => new SfItem(c))], new SfParameters(parameters));
        return FromList(list);
    }

    /// <summary>
    /// Reads a parsed member strictly: an inner list of lowercase component-name strings without parameters, each
    /// once, and only the parameters of RFC 9421 section 2.3 with their types.
    /// </summary>
    public static SignatureInput FromMember(string label, SfMember member) =>
        member is SfInnerList list
            ? FromList(list, label)
            : throw new HttpSignatureException($"Signature-Input: member '{label}' is not an inner list of components");

    private static SignatureInput FromList(SfInnerList list, string label = "")
    {
        var where = label.Length == 0 ? "Signature-Input" : $"Signature-Input: member '{label}'";
        var components = new List<string>(list.Items.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item.Value is not string name)
            {
                throw new HttpSignatureException($"{where}: component identifiers must be strings");
            }

            if (item.Parameters.Count > 0)
            {
                throw new HttpSignatureException($"{where}: component '{name}' has parameters ({string.Join(", ", item.Parameters.Entries.Select(e => e.Key))}), which are not supported");
            }

            ValidateComponentName(name, where);
            if (!seen.Add(name))
            {
                throw new HttpSignatureException($"{where}: component '{name}' is listed twice");
            }

            components.Add(name);
        }

        long? created = null, expires = null;
        string? nonce = null, algorithm = null, keyId = null, tag = null;
        foreach (var (key, value) in list.Parameters.Entries)
        {
            switch (key)
            {
                case "created":
                    created = Timestamp(value, key, where);
                    break;
                case "expires":
                    expires = Timestamp(value, key, where);
                    break;
                case "nonce":
                    nonce = Text(value, key, where);
                    break;
                case "alg":
                    algorithm = Text(value, key, where);
                    break;
                case "keyid":
                    keyId = Text(value, key, where);
                    break;
                case "tag":
                    tag = Text(value, key, where);
                    break;
                default:
                    throw new HttpSignatureException($"{where}: parameter '{key}' is not one of created, expires, nonce, alg, keyid, tag");
            }
        }

        if (created is not null && expires is not null && expires <= created)
        {
            throw new HttpSignatureException($"{where}: expires ({expires}) is not after created ({created})");
        }

        return new SignatureInput(list, components)
        {
            Created = created,
            Expires = expires,
            Nonce = nonce,
            Algorithm = algorithm,
            KeyId = keyId,
            Tag = tag,
        };
    }

    /// <summary>A derived component we resolve, or a lowercase field name (RFC 9421 section 2.1).</summary>
    internal static void ValidateComponentName(string name, string where)
    {
        if (name.StartsWith('@'))
        {
            if (!HttpMessageComponents.DerivedComponents.Contains(name))
            {
                throw new HttpSignatureException($"{where}: derived component '{name}' is not supported: expected one of {string.Join(", ", HttpMessageComponents.DerivedComponents)}");
            }

            return;
        }

        if (name.Length == 0)
        {
            throw new HttpSignatureException($"{where}: empty component name");
        }

        foreach (var c in name)
        {
            if (!StructuredFields.SfParser.IsTChar(c) || c is >= 'A' and <= 'Z')
            {
                throw new HttpSignatureException($"{where}: component '{name}' is not a lowercase HTTP field name");
            }
        }
    }

    private static long Timestamp(object value, string key, string where) =>
        value is long seconds and >= 0
            ? seconds
            : throw new HttpSignatureException($"{where}: parameter '{key}' must be a non-negative integer of seconds since 1970");

    private static string Text(object value, string key, string where) =>
        value as string ?? throw new HttpSignatureException($"{where}: parameter '{key}' must be a string");

    private static void AddIf(List<KeyValuePair<string, object>> parameters, string key, object? value)
    {
        if (value is not null)
        {
            parameters.Add(new(key, value));
        }
    }
}
