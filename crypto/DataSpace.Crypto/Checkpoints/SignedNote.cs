using System.Buffers.Binary;
using System.Text;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Checkpoints;

/// <summary>
/// A C2SP signed note (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then one or more
/// lines <c>— name base64(4-byte key id || signature)</c>.
/// </summary>
public sealed class SignedNote
{
    /// <summary>More signatures than this are refused (the specification requires accepting at least 16).</summary>
    public const int MaxSignatures = 64;

    /// <summary>Larger notes are refused before parsing.</summary>
    public const int MaxNoteBytes = 1 << 20;

    private const string Dash = "\u2014 ";

    private SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        Signatures = signatures;
    }

    /// <summary>The signed text, including its final newline.</summary>
    public string Text { get; }

    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Signs <paramref name="text"/> (which must end in a newline) with <paramref name="key"/> under <paramref name="name"/>.</summary>
    public static SignedNote Sign(string text, SigningKey key, string name)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValidText(text))
        {
            throw new ArgumentException("a note text must be non-empty UTF-8 ending in a newline, without other control characters", nameof(text));
        }

        var signature = key.Sign(Encoding.UTF8.GetBytes(text));
        return new SignedNote(text, [new NoteSignature(name, NoteKeys.KeyId(name, key.PublicKey), signature)]);
    }

    /// <summary>Parses a signed note; returns false with a reason when it is malformed. Signatures are not checked here.</summary>
    public static bool TryParse(string note, out SignedNote? result, out string? error)
    {
        result = null;
        if (note.Length > MaxNoteBytes)
        {
            error = "the note is too large";
            return false;
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "the note has no blank line before its signatures";
            return false;
        }

        var text = note[..(split + 1)];
        if (!IsValidText(text))
        {
            error = "the note text contains control characters or is empty";
            return false;
        }

        var lines = note[(split + 2)..];
        if (!lines.EndsWith('\n'))
        {
            error = "the last signature line does not end in a newline";
            return false;
        }

        var signatures = new List<NoteSignature>();
        foreach (var line in lines[..^1].Split('\n'))
        {
            if (!TryParseSignature(line, out var signature, out error))
            {
                return false;
            }

            if (signatures.Count == MaxSignatures)
            {
                error = $"the note has more than {MaxSignatures} signatures";
                return false;
            }

            signatures.Add(signature);
        }

        result = new SignedNote(text, signatures);
        error = null;
        return true;
    }

    /// <summary>
    /// True when a signature by <paramref name="key"/> under <paramref name="name"/> is present and verifies.
    /// Signatures of other keys are ignored; a failing signature of this key rejects the note (c2sp.org/signed-note).
    /// </summary>
    public bool IsSignedBy(PublicKey key, string name)
    {
        ArgumentNullException.ThrowIfNull(key);
        var keyId = NoteKeys.KeyId(name, key);
        var text = Encoding.UTF8.GetBytes(Text);
        var verified = false;
        foreach (var signature in Signatures)
        {
            if (signature.Name != name || signature.KeyId != keyId)
            {
                continue;
            }

            if (!key.Verify(text, signature.Signature.Span))
            {
                return false;
            }

            verified = true;
        }

        return verified;
    }

    /// <summary>The note as served: text, blank line, signature lines.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Text).Append('\n');
        Span<byte> keyId = stackalloc byte[4];
        foreach (var signature in Signatures)
        {
            BinaryPrimitives.WriteUInt32BigEndian(keyId, signature.KeyId);
            byte[] encoded = [.. keyId, .. signature.Signature.Span];
            builder.Append(Dash).Append(signature.Name).Append(' ').Append(Convert.ToBase64String(encoded)).Append('\n');
        }

        return builder.ToString();
    }

    private static bool TryParseSignature(string line, out NoteSignature signature, out string? error)
    {
        signature = null!;
        var space = line.StartsWith(Dash, StringComparison.Ordinal) ? line.IndexOf(' ', Dash.Length) : -1;
        if (space < 0)
        {
            error = $"malformed signature line '{Truncate(line)}'";
            return false;
        }

        var name = line[Dash.Length..space];
        byte[] encoded;
        try
        {
            encoded = Convert.FromBase64String(line[(space + 1)..]);
        }
        catch (FormatException)
        {
            error = $"signature of '{Truncate(name)}' is not base64";
            return false;
        }

        // Only the canonical encoding is accepted, so that a note has exactly one serialization per signature.
        if (!NoteKeys.IsValidName(name) || encoded.Length < 5 || Convert.ToBase64String(encoded) != line[(space + 1)..])
        {
            error = $"malformed signature line '{Truncate(line)}'";
            return false;
        }

        signature = new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(encoded), encoded.AsMemory(4));
        error = null;
        return true;
    }

    private static bool IsValidText(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[^1] != '\n')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x20 && c != '\n')
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsSurrogatePair(text, i))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
