using System.Diagnostics.CodeAnalysis;

namespace DataSpace.Policy.Identifiers;

/// <summary>
/// The one grammar of the data space's ids, for every kind: parties, datasets, offers, agreements, jobs, and anything
/// else that names a resource in a URL path, a policy or a log entry (docs/connector-service.md, "Ids"). An id is 1 to
/// 128 ASCII letters, digits, <c>-</c>, <c>_</c>, <c>.</c> or <c>:</c>, and neither begins nor ends with <c>.</c>. So it
/// is exactly one URL path segment written as it is (RFC 3986 §3.3: unreserved characters and <c>:</c>, nothing to
/// percent-encode, no <c>/</c>), and no normaliser changes it: it is never a dot-segment <c>.</c> or <c>..</c>
/// (RFC 3986 §5.2.4) and has no trailing dot, which some servers strip.
/// </summary>
public static class ResourceIds
{
    /// <summary>The longest id.</summary>
    public const int MaxLength = 128;

    /// <summary>The grammar in words, as refusals quote it.</summary>
    public const string Grammar = "1 to 128 letters, digits, '-', '_', '.' or ':', not beginning or ending with '.'";

    /// <summary>How much of a refused id a message repeats.</summary>
    private const int Shown = 64;

    /// <summary>Whether <paramref name="id"/> is an id.</summary>
    public static bool IsValid([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || id[0] == '.' || id[^1] == '.')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The kind and grammar, for "must be ...": <c>an agreement id (1 to 128 letters, ...)</c>.</summary>
    public static string Expected(string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return $"{(kind[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {kind} id ({Grammar})";
    }

    /// <summary>
    /// Null when <paramref name="id"/> is an id; otherwise why not, naming the <paramref name="kind"/>
    /// (<c>party</c>, <c>dataset</c>, <c>offer</c>, <c>agreement</c>, <c>job</c>) and the grammar.
    /// </summary>
    public static string? Check(string? id, string kind)
    {
        if (IsValid(id))
        {
            return null;
        }

        var shown = id is null ? "none" : id.Length <= Shown ? $"'{id}'" : $"'{id[..Shown]}...' ({id.Length} characters)";
        return $"{shown} is not {Expected(kind)}";
    }
}
