using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace DataSpace.Crypto.Digests;

/// <summary>One-shot and incremental hashing with the deployment's digest, by name or by value.</summary>
public static class Digest
{
    /// <summary>Both digests produce 32 bytes.</summary>
    public const int Size = 32;

    [ThreadStatic]
    private static SM3Digest? t_sm3;

    public static string Name(this DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => "sha256",
        DigestAlgorithm.Sm3 => "sm3",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
    };

    /// <summary>Parses <c>sha256</c> or <c>sm3</c>; anything else is refused.</summary>
    public static bool TryParse(string? name, out DigestAlgorithm algorithm)
    {
        switch (name)
        {
            case "sha256":
                algorithm = DigestAlgorithm.Sha256;
                return true;
            case "sm3":
                algorithm = DigestAlgorithm.Sm3;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    public static DigestAlgorithm Parse(string name) =>
        TryParse(name, out var algorithm)
            ? algorithm
            : throw new FormatException($"unknown digest '{name}': expected 'sha256' or 'sm3'");

    /// <summary>Hashes <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    public static void HashData(DigestAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("destination is shorter than 32 bytes", nameof(destination));
        }

        switch (algorithm)
        {
            case DigestAlgorithm.Sha256:
                SHA256.HashData(data, destination);
                break;
            case DigestAlgorithm.Sm3:
                var sm3 = t_sm3 ??= new SM3Digest();
                sm3.BlockUpdate(data);
                sm3.DoFinal(destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm");
        }
    }

    public static byte[] HashData(DigestAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        var result = new byte[Size];
        HashData(algorithm, data, result);
        return result;
    }

    /// <summary>Hashes two byte strings as if concatenated, without copying them together.</summary>
    public static void HashData(DigestAlgorithm algorithm, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("destination is shorter than 32 bytes", nameof(destination));
        }

        switch (algorithm)
        {
            case DigestAlgorithm.Sha256:
                using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    sha.AppendData(first);
                    sha.AppendData(second);
                    sha.GetHashAndReset(destination);
                }

                break;
            case DigestAlgorithm.Sm3:
                var sm3 = t_sm3 ??= new SM3Digest();
                sm3.BlockUpdate(first);
                sm3.BlockUpdate(second);
                sm3.DoFinal(destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm");
        }
    }

    /// <summary>Hashes a stream (a dataset file, a module) without loading it whole.</summary>
    public static byte[] HashStream(DigestAlgorithm algorithm, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            var result = new byte[Size];
            if (algorithm == DigestAlgorithm.Sha256)
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                }

                sha.GetHashAndReset(result);
            }
            else
            {
                var sm3 = new SM3Digest();
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    sm3.BlockUpdate(buffer, 0, read);
                }

                sm3.DoFinal(result, 0);
            }

            return result;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
