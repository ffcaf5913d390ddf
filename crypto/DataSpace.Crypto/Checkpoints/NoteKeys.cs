using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Checkpoints;

/// <summary>
/// Key ids and signature types of C2SP signed notes (c2sp.org/signed-note, "Signatures"):
/// ed25519 is type 0x01 with key id SHA-256(name || 0x0A || 0x01 || key)[:4]; p256 is type 0x02 (ECDSA, as
/// transparency-dev/witness) with key id SHA-256(SPKI DER)[:4]; sm2 uses the extension type 0xff followed by
/// the identifier "dataspace/sm2-sm3", with key id SHA-256(name || 0x0A || 0xff || "dataspace/sm2-sm3" || SPKI DER)[:4].
/// </summary>
public static class NoteKeys
{
    public const byte Ed25519Type = 0x01;
    public const byte EcdsaType = 0x02;
    public const byte ExtensionType = 0xff;
    public const string Sm2Identifier = "dataspace/sm2-sm3";

    /// <summary>The 4-byte key id of <paramref name="key"/> under the note key name <paramref name="name"/>.</summary>
    public static uint KeyId(string name, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckName(name);
        byte[] input = key.Suite.Name switch
        {
            "ed25519" => [.. Encoding.UTF8.GetBytes(name), 0x0A, Ed25519Type, .. key.RawKey.Span],
            "p256" => key.SubjectPublicKeyInfo.ToArray(),
            "sm2" => [.. Encoding.UTF8.GetBytes(name), 0x0A, ExtensionType, .. Encoding.ASCII.GetBytes(Sm2Identifier), .. key.SubjectPublicKeyInfo.Span],
            _ => throw new ArgumentException($"no note signature type for suite '{key.Suite.Name}'", nameof(key)),
        };
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    /// <summary>
    /// The verifier key string of Go's golang.org/x/mod/sumdb/note and other C2SP note verifiers:
    /// <c>name+hex(key id)+base64(0x01 || 32-byte key)</c>. Defined for ed25519 keys only.
    /// </summary>
    public static string VerifierKey(string name, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Suite.Name != "ed25519")
        {
            throw new ArgumentException("C2SP verifier keys are defined for ed25519 keys only", nameof(key));
        }

        byte[] encoded = [Ed25519Type, .. key.RawKey.Span];
        return $"{name}+{KeyId(name, key):x8}+{Convert.ToBase64String(encoded)}";
    }

    /// <summary>Key names must be non-empty and contain no Unicode spaces or '+' (c2sp.org/signed-note).</summary>
    public static void CheckName(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid note key name: it must be non-empty, without spaces or '+'", nameof(name));
        }
    }

    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c == '+' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
