using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataSpace.Crypto.HttpSignatures.StructuredFields;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// The <c>Dsc-Gateway</c> header (docs/gateway.md): the gateway's word to a connector replica that it verified the
/// client's RFC 9421 signature, as an RFC 8941 dictionary
/// <c>party="..", keyid="..", created=N, nonce="..", mac=:..:</c>. The MAC is HMAC-SHA256 under the secret the
/// connector and gateway share, over eight lines: <c>dsc-gateway/v1</c>, method, request target as sent upstream,
/// party, key id, created, nonce and the forwarded <c>Content-Digest</c>. An internal call of the gateway itself
/// has an empty party and key id.
/// </summary>
public sealed record GatewayAssertion
{
    public const string HeaderName = "Dsc-Gateway";

    /// <summary>The first line of the MAC input: the format's version.</summary>
    public const string Version = "dsc-gateway/v1";

    /// <summary>The length of the HMAC-SHA256 tag and of the shared secret, in bytes.</summary>
    public const int MacBytes = 32;

    /// <summary>The shortest nonce accepted: 16 random bytes as unpadded base64url.</summary>
    public const int MinNonceLength = 22;

    /// <summary>The prefix of the key under which assertion nonces are remembered in the shared nonce store.</summary>
    public const string NoncePrefix = "gw:";

    // HMAC input lines are short; larger ones (a long query) go to a pooled buffer.
    private const int StackInputBytes = 1024;

    /// <summary>The verified party's id; empty for the gateway's internal calls.</summary>
    public required string Party { get; init; }

    /// <summary>The key id of the client's signature; empty for the gateway's internal calls.</summary>
    public required string KeyId { get; init; }

    /// <summary>When the gateway made the assertion, unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>A random value per forwarded request, for replay detection at the connector.</summary>
    public required string Nonce { get; init; }

    /// <summary>The HMAC-SHA256 tag.</summary>
    public required ReadOnlyMemory<byte> Mac { get; init; }

    /// <summary>True for a call of the gateway itself (empty party and key id).</summary>
    public bool IsInternal => Party.Length == 0 && KeyId.Length == 0;

    /// <summary>
    /// The header value asserting that <paramref name="party"/> signed the request with <paramref name="keyId"/>.
    /// <paramref name="target"/> is the path plus <c>?query</c> exactly as sent to the connector;
    /// <paramref name="contentDigest"/> the forwarded <c>Content-Digest</c> value, or null.
    /// </summary>
    public static string Create(
        ReadOnlySpan<byte> secret, string method, string target, string party, string keyId, long created, string nonce, string? contentDigest)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        ArgumentOutOfRangeException.ThrowIfNegative(created);
        Span<byte> mac = stackalloc byte[MacBytes];
        ComputeMac(secret, method, target, party, keyId, created, nonce, contentDigest, mac);

        // RFC 8941 section 4.1.2: a dictionary of strings, an integer and a byte sequence.
        var builder = new StringBuilder(96 + party.Length + keyId.Length + nonce.Length);
        builder.Append("party=");
        AppendString(builder, party);
        builder.Append(", keyid=");
        AppendString(builder, keyId);
        builder.Append(", created=").Append(created.ToString(CultureInfo.InvariantCulture));
        builder.Append(", nonce=");
        AppendString(builder, nonce);
        builder.Append(", mac=:").Append(Convert.ToBase64String(mac)).Append(':');
        return builder.ToString();
    }

    /// <summary>A fresh nonce: 16 random bytes as unpadded base64url (22 characters).</summary>
    public static string NewNonce() => SignatureParameters.NewNonce();

    /// <summary>
    /// Parses a header value. Every member (party, keyid, created, nonce, mac) must be present once with its type;
    /// other members are refused, since the MAC would not cover them.
    /// </summary>
    public static bool TryParse(string headerValue, out GatewayAssertion? assertion, out string error)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        assertion = null;
        IReadOnlyList<KeyValuePair<string, SfMember>> members;
        try
        {
            members = SfParser.ParseDictionary(headerValue, HeaderName);
        }
        catch (HttpSignatureException exception)
        {
            error = exception.Message;
            return false;
        }

        string? party = null, keyId = null, nonce = null;
        long? created = null;
        byte[]? mac = null;
        foreach (var (name, member) in members)
        {
            if (member is not SfItem item || item.Parameters.Count != 0)
            {
                error = $"{HeaderName}: member '{name}' must be a bare item without parameters";
                return false;
            }

            switch (name, item.Value)
            {
                case ("party", string value):
                    party = value;
                    break;
                case ("keyid", string value):
                    keyId = value;
                    break;
                case ("created", long value) when value >= 0:
                    created = value;
                    break;
                case ("nonce", string value):
                    nonce = value;
                    break;
                case ("mac", byte[] value):
                    mac = value;
                    break;
                case ("party" or "keyid" or "nonce", _):
                    error = $"{HeaderName}: '{name}' must be a string";
                    return false;
                case ("created", _):
                    error = $"{HeaderName}: 'created' must be a non-negative integer (unix seconds)";
                    return false;
                case ("mac", _):
                    error = $"{HeaderName}: 'mac' must be a byte sequence";
                    return false;
                default:
                    error = $"{HeaderName}: unknown member '{name}'";
                    return false;
            }
        }

        var missing = (party, keyId, created, nonce, mac) switch
        {
            (null, _, _, _, _) => "party",
            (_, null, _, _, _) => "keyid",
            (_, _, null, _, _) => "created",
            (_, _, _, null, _) => "nonce",
            (_, _, _, _, null) => "mac",
            _ => null,
        };
        if (missing is not null)
        {
            error = $"{HeaderName}: member '{missing}' is missing";
            return false;
        }

        if (nonce!.Length < MinNonceLength)
        {
            error = $"{HeaderName}: the nonce must be at least {MinNonceLength} characters";
            return false;
        }

        if (mac!.Length != MacBytes)
        {
            error = $"{HeaderName}: the mac must be {MacBytes} bytes (HMAC-SHA256), not {mac.Length}";
            return false;
        }

        if ((party!.Length == 0) != (keyId!.Length == 0))
        {
            error = $"{HeaderName}: party and keyid must be both set or both empty (an internal call)";
            return false;
        }

        assertion = new GatewayAssertion { Party = party, KeyId = keyId, Created = created!.Value, Nonce = nonce, Mac = mac };
        error = "";
        return true;
    }

    /// <summary>
    /// Parses and checks <paramref name="headerValue"/> for a request with <paramref name="method"/>,
    /// <paramref name="target"/> (as received: path plus <c>?query</c>) and <paramref name="contentDigest"/>:
    /// well formed, MAC valid (constant-time compare), created within <paramref name="maxAge"/> plus
    /// <paramref name="clockSkew"/> of <paramref name="now"/>. With <paramref name="nonces"/>, a valid assertion's
    /// nonce is remembered under <c>gw:</c> plus its key id, and a repeat is <see cref="GatewayAssertionFailure.Replayed"/>.
    /// </summary>
    public static GatewayAssertionResult Verify(
        ReadOnlySpan<byte> secret,
        string headerValue,
        string method,
        string target,
        string? contentDigest,
        DateTimeOffset now,
        TimeSpan maxAge,
        TimeSpan clockSkew,
        INonceStore? nonces = null)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (!TryParse(headerValue, out var assertion, out var error))
        {
            return GatewayAssertionResult.Fail(GatewayAssertionFailure.Malformed, error);
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        ComputeMac(secret, method, target, assertion!.Party, assertion.KeyId, assertion.Created, assertion.Nonce, contentDigest, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, assertion.Mac.Span))
        {
            return GatewayAssertionResult.Fail(
                GatewayAssertionFailure.MacInvalid,
                $"{HeaderName}: the mac does not verify for {method} {target} (wrong secret, or the request was changed after the gateway)");
        }

        var created = DateTimeOffset.FromUnixTimeSeconds(Math.Min(assertion.Created, 253_402_300_799));
        if (created > now + clockSkew)
        {
            return GatewayAssertionResult.Fail(GatewayAssertionFailure.CreatedInFuture, $"{HeaderName}: created {created:O} is ahead of now {now:O} by more than {clockSkew}");
        }

        if (now - created > maxAge + clockSkew)
        {
            return GatewayAssertionResult.Fail(GatewayAssertionFailure.TooOld, $"{HeaderName}: created {created:O} is older than {maxAge} (now {now:O})");
        }

        // Replay last, so that only a valid assertion can spend a nonce.
        if (nonces is not null && !nonces.TryRemember(NoncePrefix + assertion.KeyId, assertion.Nonce, created + maxAge + clockSkew))
        {
            return GatewayAssertionResult.Fail(GatewayAssertionFailure.Replayed, $"{HeaderName}: nonce '{assertion.Nonce}' was seen before (or the replay store is full)");
        }

        return new GatewayAssertionResult { Assertion = assertion, Detail = "gateway assertion verifies" };
    }

    /// <summary>HMAC-SHA256 over the eight lines of the format, into <paramref name="destination"/> (32 bytes).</summary>
    public static void ComputeMac(
        ReadOnlySpan<byte> secret,
        string method,
        string target,
        string party,
        string keyId,
        long created,
        string nonce,
        string? contentDigest,
        Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(nonce);
        if (secret.Length < MacBytes)
        {
            throw new ArgumentException($"the gateway secret must be at least {MacBytes} bytes", nameof(secret));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, MacBytes);
        contentDigest ??= "";
        Span<char> createdText = stackalloc char[20];
        created.TryFormat(createdText, out var createdLength, provider: CultureInfo.InvariantCulture);
        createdText = createdText[..createdLength];

        var utf8 = Encoding.UTF8;
        var length = Version.Length + 7 + utf8.GetByteCount(method) + utf8.GetByteCount(target) + utf8.GetByteCount(party)
            + utf8.GetByteCount(keyId) + createdLength + utf8.GetByteCount(nonce) + utf8.GetByteCount(contentDigest);
        byte[]? rented = null;
        Span<byte> input = length <= StackInputBytes ? stackalloc byte[StackInputBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var at = 0;
            at += utf8.GetBytes(Version, input[at..]);
            at += Line(method.Length > 0 && IsUpper(method) ? method : method.ToUpperInvariant(), input[at..]);
            at += Line(target, input[at..]);
            at += Line(party, input[at..]);
            at += Line(keyId, input[at..]);
            input[at++] = (byte)'\n';
            at += utf8.GetBytes(createdText, input[at..]);
            at += Line(nonce, input[at..]);
            at += Line(contentDigest, input[at..]);
            HMACSHA256.HashData(secret, input[..at], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Line(string text, Span<byte> destination)
    {
        destination[0] = (byte)'\n';
        return 1 + Encoding.UTF8.GetBytes(text, destination[1..]);
    }

    private static bool IsUpper(string method)
    {
        foreach (var c in method)
        {
            if (c is >= 'a' and <= 'z')
            {
                return false;
            }
        }

        return true;
    }

    // RFC 8941 section 4.1.6: printable ASCII, with '"' and '\' escaped.
    private static void AppendString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"{HeaderName}: '{text}' holds a character outside printable ASCII", nameof(text));
            }

            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }
}
