using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DataSpace.Sandbox.Data;

/// <summary>
/// The content digest of a partitioned Parquet folder (docs/sandbox-data.md, "The digest of a folder"): SHA-256 over a
/// canonical UTF-8 text, the line <c>dataspace-parquet-folder/v1</c> (domain separation: no single file's digest and no
/// other text of the project starts so) and then one line <c>path TAB size TAB digest</c> per file, sorted by the UTF-8
/// bytes of the relative paths, each line ending in LF. The connector computes it at registration from the files it
/// opened; <c>dsc dataset add</c> computes it from the local folder with this same code to compare the two.
/// </summary>
public static class FolderDigest
{
    /// <summary>The first line of the canonical text, without its LF.</summary>
    public const string Domain = "dataspace-parquet-folder/v1";

    /// <summary>The <c>sha256:</c> digest of the folder whose files are <paramref name="parts"/> (in any order).</summary>
    /// <exception cref="ArgumentException">A path is empty, holds a control character or appears twice, a digest is not <c>sha256:</c>, or a size is negative.</exception>
    public static string Of(IEnumerable<PartDigest> parts) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText(parts))));

    /// <summary>The canonical text <see cref="Of"/> hashes, for tests and for anyone recomputing the digest by hand.</summary>
    /// <exception cref="ArgumentException">A path is empty, holds a control character or appears twice, a digest is not <c>sha256:</c>, or a size is negative.</exception>
    public static string CanonicalText(IEnumerable<PartDigest> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var sorted = parts.ToList();
        sorted.Sort((a, b) => Utf8Ordinal.Instance.Compare(a.RelativePath, b.RelativePath));
        var text = new StringBuilder(Domain).Append('\n');
        for (var i = 0; i < sorted.Count; i++)
        {
            var part = sorted[i];
            if (string.IsNullOrEmpty(part.RelativePath) || part.RelativePath.Any(char.IsControl))
            {
                throw new ArgumentException($"part {i}: a relative path must be non-empty and hold no control character", nameof(parts));
            }

            if (i > 0 && string.Equals(sorted[i - 1].RelativePath, part.RelativePath, StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{part.RelativePath}' appears twice", nameof(parts));
            }

            if (part.Digest is null || !part.Digest.StartsWith("sha256:", StringComparison.Ordinal) || part.Digest.Any(char.IsControl))
            {
                throw new ArgumentException($"'{part.RelativePath}': a file's digest is sha256: and hex", nameof(parts));
            }

            ArgumentOutOfRangeException.ThrowIfNegative(part.Size, nameof(parts));
            text.Append(part.RelativePath).Append('\t').Append(part.Size.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(part.Digest).Append('\n');
        }

        return text.ToString();
    }
}
