using System.Globalization;
using System.Text;

namespace DataSpace.Crypto.Checkpoints;

/// <summary>
/// A C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the origin line, the tree size in decimal, the base64
/// root hash, then optional extension lines, each ending in a newline. It is served as a signed note.
/// </summary>
public sealed record Checkpoint
{
    public Checkpoint(string origin, long size, ReadOnlyMemory<byte> rootHash, IReadOnlyList<string>? extensions = null)
    {
        if (string.IsNullOrEmpty(origin) || origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a checkpoint origin must be one non-empty line", nameof(origin));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Origin = origin;
        Size = size;
        RootHash = rootHash.ToArray();
        Extensions = extensions ?? [];
    }

    public string Origin { get; }

    public long Size { get; }

    public ReadOnlyMemory<byte> RootHash { get; }

    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The note text: <c>origin\nsize\nbase64(root)\n</c> and any extension lines.</summary>
    public string ToText()
    {
        var builder = new StringBuilder()
            .Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash.Span)).Append('\n');
        foreach (var extension in Extensions)
        {
            builder.Append(extension).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Parses a checkpoint's note text strictly; the error names the line at fault.</summary>
    public static bool TryParse(string text, out Checkpoint? checkpoint, out string? error)
    {
        checkpoint = null;
        if (!text.EndsWith('\n'))
        {
            error = "checkpoint text does not end in a newline";
            return false;
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            error = "checkpoint text has fewer than three lines (origin, size, root hash)";
            return false;
        }

        if (lines[0].Length == 0)
        {
            error = "line 1: the origin is empty";
            return false;
        }

        if (!IsCanonicalDecimal(lines[1]) || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            error = $"line 2: '{lines[1]}' is not a tree size in decimal";
            return false;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            error = "line 3: the root hash is not base64";
            return false;
        }

        if (root.Length != 32 || Convert.ToBase64String(root) != lines[2])
        {
            error = "line 3: the root hash is not the base64 of 32 bytes";
            return false;
        }

        for (var i = 3; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                error = $"line {i + 1}: empty extension line";
                return false;
            }
        }

        checkpoint = new Checkpoint(lines[0], size, root, lines[3..]);
        error = null;
        return true;
    }

    private static bool IsCanonicalDecimal(string value) =>
        value.Length > 0 && value.Length <= 19 && (value == "0" || value[0] != '0') && value.All(char.IsAsciiDigit);
}
