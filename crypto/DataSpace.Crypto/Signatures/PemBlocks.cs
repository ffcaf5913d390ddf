using System.Security.Cryptography;

namespace DataSpace.Crypto.Signatures;

/// <summary>Reads and writes the PEM blocks of RFC 7468.</summary>
internal static class PemBlocks
{
    public const string PublicKeyLabel = "PUBLIC KEY";
    public const string PrivateKeyLabel = "PRIVATE KEY";
    public const string EncryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY";

    public static string Write(string label, ReadOnlySpan<byte> der) => new string(PemEncoding.Write(label, der)) + "\n";

    /// <summary>Finds the label of the first PEM block in <paramref name="text"/>.</summary>
    public static bool TryFindLabel(string text, out string label)
    {
        if (PemEncoding.TryFind(text, out var fields))
        {
            label = text[fields.Label];
            return true;
        }

        label = string.Empty;
        return false;
    }

    /// <summary>Returns the first block with one of <paramref name="labels"/>; the caller zeroes a secret's DER.</summary>
    public static PemBlock Read(string text, string what, params ReadOnlySpan<string> labels)
    {
        var found = new List<string>();
        var offset = 0;
        while (offset < text.Length && PemEncoding.TryFind(text.AsSpan(offset), out var fields))
        {
            var label = text.AsSpan(offset)[fields.Label].ToString();
            if (labels.Contains(label))
            {
                var base64 = text.AsSpan(offset)[fields.Base64Data];
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(base64, der, out var written) || written != der.Length)
                {
                    throw new KeyFormatException($"not a PEM {what}: bad base64 in the '{label}' block");
                }

                return new PemBlock(label, der);
            }

            found.Add(label);
            offset += fields.Location.End.Value;
        }

        throw new KeyFormatException(found.Count == 0
            ? $"not a PEM {what}: no PEM block found"
            : $"not a PEM {what}: found {string.Join(", ", found.Select(l => $"'{l}'"))}, expected {string.Join(" or ", labels.ToArray().Select(l => $"'{l}'"))}");
    }
}
