using System.Security.Cryptography;
using DataSpace.Crypto.HttpSignatures.StructuredFields;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// Checks content against its <c>Content-Digest</c> field (RFC 9530 section 2) as the content streams by: the field is
/// parsed first (<see cref="TryCreate"/>), the content is fed in pieces (<see cref="Append"/>), and
/// <see cref="Verify"/> compares at the end, so a server never holds the content to hash it. Members for algorithms
/// other than <c>sha-256</c> and <c>sha-512</c> are ignored; at least one of those two must be present, and every one
/// present must match.
/// </summary>
public sealed class ContentDigestVerifier : IDisposable
{
    private readonly List<(string Name, IncrementalHash Hash, byte[] Expected)> _members;
    private bool _verified;

    private ContentDigestVerifier(List<(string Name, IncrementalHash Hash, byte[] Expected)> members)
    {
        _members = members;
    }

    /// <summary>How many bytes of content were appended.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// A verifier for the field value <paramref name="headerValue"/>, or null with the reason in
    /// <paramref name="detail"/> when the field is malformed or names neither <c>sha-256</c> nor <c>sha-512</c>.
    /// </summary>
    public static ContentDigestVerifier? TryCreate(string headerValue, out string detail)
    {
        ArgumentNullException.ThrowIfNull(headerValue);
        IReadOnlyList<KeyValuePair<string, SfMember>> members;
        try
        {
            members = SfParser.ParseDictionary(headerValue, ContentDigest.HeaderName);
        }
        catch (HttpSignatureException exception)
        {
            detail = exception.Message;
            return null;
        }

        var hashes = new List<(string, IncrementalHash, byte[])>(2);
        foreach (var (name, member) in members)
        {
            var algorithm = name switch
            {
                "sha-256" => HashAlgorithmName.SHA256,
                "sha-512" => HashAlgorithmName.SHA512,
                _ => default,
            };
            if (algorithm == default)
            {
                continue;
            }

            if (member is not SfItem { Value: byte[] expected })
            {
                foreach (var (_, hash, _) in hashes)
                {
                    hash.Dispose();
                }

                detail = $"{ContentDigest.HeaderName}: '{name}' is not a byte sequence";
                return null;
            }

            hashes.Add((name, IncrementalHash.CreateHash(algorithm), expected));
        }

        if (hashes.Count == 0)
        {
            detail = $"{ContentDigest.HeaderName}: no sha-256 or sha-512 member";
            return null;
        }

        detail = "";
        return new ContentDigestVerifier(hashes);
    }

    /// <summary>Feeds the next piece of content.</summary>
    public void Append(ReadOnlySpan<byte> content)
    {
        ObjectDisposedException.ThrowIf(_verified, this);
        foreach (var (_, hash, _) in _members)
        {
            hash.AppendData(content);
        }

        Length += content.Length;
    }

    /// <summary>
    /// True when every digest in the field matches the content appended (constant-time compare); else false with the
    /// member that did not match. Call once, after the last piece.
    /// </summary>
    public bool Verify(out string detail)
    {
        ObjectDisposedException.ThrowIf(_verified, this);
        _verified = true;
        Span<byte> actual = stackalloc byte[SHA512.HashSizeInBytes];
        foreach (var (name, hash, expected) in _members)
        {
            var written = hash.GetHashAndReset(actual);
            if (!CryptographicOperations.FixedTimeEquals(actual[..written], expected))
            {
                detail = $"{ContentDigest.HeaderName}: the {name} digest does not match the content";
                return false;
            }
        }

        detail = "content digest matches";
        return true;
    }

    public void Dispose()
    {
        _verified = true;
        foreach (var (_, hash, _) in _members)
        {
            hash.Dispose();
        }
    }
}
