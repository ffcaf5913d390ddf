using System.Buffers;
using System.Text.Json;
using DataSpace.Crypto.Json;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Statements;

/// <summary>
/// A signed statement held as its canonical bytes (the same format and signature as <see cref="SignedStatement"/>),
/// with its body as a slice of them: for statements too large to parse into a tree and serialise again, such as a
/// settlement statement listing a month's runs. Signing and verifying work on the body's canonical bytes.
/// </summary>
public sealed class CanonicalStatement
{
    private readonly Range _body;

    private CanonicalStatement(byte[] bytes, Range body, string type, string signer, string suite, byte[] signature)
    {
        Bytes = bytes;
        _body = body;
        Type = type;
        Signer = signer;
        Suite = suite;
        Signature = signature;
    }

    /// <summary>The whole statement's canonical JSON (what its digest is taken of).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The body's canonical JSON.</summary>
    public ReadOnlyMemory<byte> Body => Bytes[_body];

    public string Type { get; }

    public string Signer { get; }

    public string Suite { get; }

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>
    /// <c>sha256:&lt;hex&gt;</c> of <see cref="Assemble"/>'s bytes, hashed piece by piece without copying the body: whether a
    /// recomputed body is the one a statement of that digest holds.
    /// </summary>
    public static string Sha256Of(string type, ReadOnlySpan<byte> canonicalBody, string signer, string suite, ReadOnlySpan<byte> signature)
    {
        var tail = Assemble(type, "{}"u8, signer, suite, signature);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData("{\"body\":"u8);
        hash.AppendData(canonicalBody);
        hash.AppendData(tail.AsSpan("{\"body\":{}".Length));
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Signs the canonical JSON <paramref name="canonicalBody"/> as a statement of <paramref name="type"/>; returns the statement's canonical JSON.</summary>
    public static byte[] Sign(string type, ReadOnlySpan<byte> canonicalBody, SigningKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(SignedBytes(type, canonicalBody, key.PublicKey.KeyId, key.Suite.Name));
        return Assemble(type, canonicalBody, key.PublicKey.KeyId, key.Suite.Name, signature);
    }

    /// <summary>The canonical JSON of the statement with these parts (the signature is not checked): to compare a recomputed body by the statement's digest.</summary>
    public static byte[] Assemble(string type, ReadOnlySpan<byte> canonicalBody, string signer, string suite, ReadOnlySpan<byte> signature)
    {
        var output = new ArrayBufferWriter<byte>(canonicalBody.Length + 256);
        var writer = new CanonicalJsonWriter(output);
        writer.StartObject();
        writer.Name("body");
        writer.Canonical(canonicalBody);
        writer.Name("signature");
        writer.String(Convert.ToBase64String(signature));
        writer.Name("signer");
        writer.String(signer);
        writer.Name("suite");
        writer.String(suite);
        writer.Name("type");
        writer.String(type);
        writer.EndObject();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a statement (canonicalising it first when it is not canonical); throws <see cref="StatementException"/>
    /// naming what is malformed, as <see cref="SignedStatement.Parse(ReadOnlySpan{byte}, int)"/> does. Does not verify it.
    /// </summary>
    public static CanonicalStatement Parse(byte[] json, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > maxBytes)
        {
            throw new StatementException($"statement is {json.Length} bytes; the limit is {maxBytes}");
        }

        byte[] bytes;
        try
        {
            bytes = CanonicalJson.IsCanonical(json) ? json : CanonicalJson.Canonicalize(json);
        }
        catch (CanonicalJsonException e)
        {
            throw new StatementException($"statement is not valid JSON: {e.Message}", e);
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 32 });
        string? type = null, signer = null, suite = null, signature = null;
        Range? body = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new StatementException("statement is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "body" when reader.TokenType == JsonTokenType.StartObject:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        body = start..(int)reader.BytesConsumed;
                        break;
                    case "body":
                        throw new StatementException("statement's 'body' is missing or not an object");
                    case "type": type = Text(ref reader, name); break;
                    case "signer": signer = Text(ref reader, name); break;
                    case "suite": suite = Text(ref reader, name); break;
                    case "signature": signature = Text(ref reader, name); break;
                    default: throw new StatementException($"statement has an unknown member '{name}'");
                }
            }
        }
        catch (JsonException e)
        {
            throw new StatementException($"statement is not valid JSON: {e.Message}", e);
        }

        type ??= Missing("type");
        signer ??= Missing("signer");
        suite ??= Missing("suite");
        var bodyRange = body ?? throw new StatementException("statement's 'body' is missing or not an object");
        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromBase64String(signature ?? Missing("signature"));
        }
        catch (FormatException e)
        {
            throw new StatementException("statement's 'signature' is not base64", e);
        }

        return new CanonicalStatement(bytes, bodyRange, type, signer, suite, signatureBytes);
    }

    /// <summary>As <see cref="SignedStatement.Verify"/>: the key is the signer's and the signature holds over the body as it is.</summary>
    public bool Verify(PublicKey key, string expectedType, out string? error)
    {
        ArgumentNullException.ThrowIfNull(key);
        error = !string.Equals(Type, expectedType, StringComparison.Ordinal) ? $"statement is of type '{Type}', not '{expectedType}'"
            : !string.Equals(Signer, key.KeyId, StringComparison.Ordinal) ? $"statement was signed by key {Signer}, not {key.KeyId}"
            : !string.Equals(Suite, key.Suite.Name, StringComparison.Ordinal) ? $"statement names suite '{Suite}', but key {key.KeyId} is {key.Suite.Name}"
            : !key.Verify(SignedBytes(Type, Body.Span, Signer, Suite), Signature.Span) ? "statement's signature does not verify"
            : null;
        return error is null;
    }

    private static byte[] SignedBytes(string type, ReadOnlySpan<byte> canonicalBody, string signer, string suite)
    {
        var output = new ArrayBufferWriter<byte>(canonicalBody.Length + 256);
        output.Write(SignedStatement.Domain);
        var writer = new CanonicalJsonWriter(output);
        writer.StartObject();
        writer.Name("body");
        writer.Canonical(canonicalBody);
        writer.Name("signer");
        writer.String(signer);
        writer.Name("suite");
        writer.String(suite);
        writer.Name("type");
        writer.String(type);
        writer.EndObject();
        return output.WrittenSpan.ToArray();
    }

    private static string Text(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text ? text
            : throw new StatementException($"statement's '{name}' is missing or not a non-empty string");

    private static string Missing(string name) => throw new StatementException($"statement's '{name}' is missing or not a non-empty string");
}
