using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Json;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Statements;

/// <summary>
/// A JSON statement signed by one party: an approval of a module digest, an agreement, a result receipt.
/// Serialised as canonical JSON (RFC 8785):
/// <c>{"body":{…},"signature":"&lt;base64&gt;","signer":"&lt;key id&gt;","suite":"ed25519","type":"dataspace/approval/v1"}</c>.
/// The signature covers the domain-separation line <c>dataspace-statement-v1\n</c> followed by the canonical
/// JSON of the same object without <c>signature</c>, so a signature made for one type can never be replayed as
/// another, nor confused with a log entry or checkpoint signature (docs/crypto.md).
/// </summary>
public sealed class SignedStatement
{
    /// <summary>Longest statement accepted by <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public const int MaxBytes = 1024 * 1024;

    internal static readonly byte[] Domain = "dataspace-statement-v1\n"u8.ToArray();

    private SignedStatement(string type, JsonObject body, string signer, string suite, byte[] signature)
    {
        Type = type;
        Body = body;
        Signer = signer;
        Suite = suite;
        Signature = signature;
    }

    /// <summary>What is stated, e.g. <c>dataspace/approval/v1</c>.</summary>
    public string Type { get; }

    /// <summary>The statement's content (a copy: changing it does not change the statement).</summary>
    public JsonObject Body { get; }

    /// <summary>The signer's key id (<see cref="PublicKey.KeyId"/>).</summary>
    public string Signer { get; }

    /// <summary>The signature suite's name.</summary>
    public string Suite { get; }

    /// <summary>The signature over <see cref="SignedBytes"/>.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>Signs <paramref name="body"/> as a statement of <paramref name="type"/>.</summary>
    public static SignedStatement Sign(string type, JsonObject body, SigningKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(key);
        var copy = (JsonObject)body.DeepClone();
        var signer = key.PublicKey.KeyId;
        var suite = key.Suite.Name;
        var signature = key.Sign(SignedBytes(type, copy, signer, suite));
        return new SignedStatement(type, copy, signer, suite, signature);
    }

    /// <summary>
    /// Parses a statement; throws <see cref="StatementException"/> naming what is malformed. Does not verify it.
    /// </summary>
    public static SignedStatement Parse(ReadOnlySpan<byte> json) => Parse(json, MaxBytes);

    /// <summary>As <see cref="Parse(ReadOnlySpan{byte})"/>, for a statement type that allows up to <paramref name="maxBytes"/> (a settlement statement lists runs).</summary>
    public static SignedStatement Parse(ReadOnlySpan<byte> json, int maxBytes)
    {
        if (json.Length > maxBytes)
        {
            throw new StatementException($"statement is {json.Length} bytes; the limit is {maxBytes}");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw new StatementException("statement is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new StatementException($"statement is not valid JSON: {e.Message}", e);
        }

        foreach (var (name, _) in root)
        {
            if (name is not ("body" or "signature" or "signer" or "suite" or "type"))
            {
                throw new StatementException($"statement has an unknown member '{name}'");
            }
        }

        var type = Text(root, "type");
        var signer = Text(root, "signer");
        var suite = Text(root, "suite");
        var body = root["body"] as JsonObject ?? throw new StatementException("statement's 'body' is missing or not an object");
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(Text(root, "signature"));
        }
        catch (FormatException e)
        {
            throw new StatementException("statement's 'signature' is not base64", e);
        }

        root.Remove("body");
        return new SignedStatement(type, body, signer, suite, signature);
    }

    /// <summary>Parses a statement from text.</summary>
    public static SignedStatement Parse(string json) => Parse(Encoding.UTF8.GetBytes(json ?? throw new ArgumentNullException(nameof(json))));

    /// <summary>
    /// True when <paramref name="key"/> is the signer (key id and suite) and the signature holds over the
    /// statement as it is. A statement of another <paramref name="expectedType"/> is refused.
    /// </summary>
    public bool Verify(PublicKey key, string expectedType, out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!string.Equals(Type, expectedType, StringComparison.Ordinal))
        {
            error = $"statement is of type '{Type}', not '{expectedType}'";
            return false;
        }

        if (!string.Equals(Signer, key.KeyId, StringComparison.Ordinal))
        {
            error = $"statement was signed by key {Signer}, not {key.KeyId}";
            return false;
        }

        if (!string.Equals(Suite, key.Suite.Name, StringComparison.Ordinal))
        {
            error = $"statement names suite '{Suite}', but key {key.KeyId} is {key.Suite.Name}";
            return false;
        }

        if (!key.Verify(SignedBytes(Type, Body, Signer, Suite), Signature.Span))
        {
            error = "statement's signature does not verify";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The canonical JSON of the whole statement.</summary>
    public byte[] ToCanonicalJson() => CanonicalJson.Serialize(new JsonObject
    {
        ["body"] = Body.DeepClone(),
        ["signature"] = Convert.ToBase64String(Signature.Span),
        ["signer"] = Signer,
        ["suite"] = Suite,
        ["type"] = Type,
    });

    /// <summary>The canonical JSON of the whole statement, as text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToCanonicalJson());

    private static byte[] SignedBytes(string type, JsonObject body, string signer, string suite)
    {
        byte[] canonical;
        try
        {
            canonical = CanonicalJson.Serialize(new JsonObject
            {
                ["body"] = body.DeepClone(),
                ["signer"] = signer,
                ["suite"] = suite,
                ["type"] = type,
            });
        }
        catch (CanonicalJsonException e)
        {
            throw new StatementException($"statement body has no canonical form: {e.Message}", e);
        }

        var bytes = new byte[Domain.Length + canonical.Length];
        Domain.CopyTo(bytes, 0);
        canonical.CopyTo(bytes, Domain.Length);
        return bytes;
    }

    private static string Text(JsonObject root, string name)
    {
        var node = root[name];
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
        {
            throw new StatementException($"statement's '{name}' is missing or not a non-empty string");
        }

        return text;
    }
}
