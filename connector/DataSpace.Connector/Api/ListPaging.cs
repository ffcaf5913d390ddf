using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// Cursor pagination of the list endpoints (docs/connector-service.md, "Lists"). A page is at most <c>limit</c> items
/// (default <see cref="DefaultLimit"/>, at most <see cref="MaxLimit"/>); when more follow, the answer carries an RFC 8288
/// <c>Link: &lt;…&amp;cursor=…&gt;; rel="next"</c> header and the body stays the bare array it always was. The cursor is
/// opaque to clients: base64url of a JSON array of the list's name, a binding of its filters and the last item's sort key.
/// The store reads the page after that key (keyset pagination), so a cursor only ever positions a page; the caller's
/// visibility rules are applied in the query whatever it holds. A cursor of another list or filter set is refused (400).
/// </summary>
internal static class ListPaging
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    private const int MaxCursorLength = 1024;

    /// <summary>The page size from the <c>limit</c> parameter, or a 400 naming it.</summary>
    public static ProblemHttpResult? ReadLimit(string? text, out int limit)
    {
        limit = DefaultLimit;
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit
            ? null
            : Problem(400, $"limit: '{Shown(text)}' is not a whole number from 1 to {MaxLimit}");
    }

    /// <summary>
    /// The sort key a <c>cursor</c> holds (null without one), if it was made by <paramref name="list"/> with the same
    /// <paramref name="filters"/> and its key has <paramref name="keyKinds"/>'s shape (each <see cref="JsonValueKind.String"/>
    /// or <see cref="JsonValueKind.Number"/> (an integer)); otherwise a 400 naming <c>cursor</c>.
    /// </summary>
    public static ProblemHttpResult? ReadCursor(string? text, string list, string filters, JsonValueKind[] keyKinds, out JsonArray? key)
    {
        key = null;
        if (text is null)
        {
            return null;
        }

        const string Malformed = "cursor: not a cursor of this list; use the one a Link header gave, unchanged";
        JsonNode? node;
        try
        {
            node = text.Length is 0 or > MaxCursorLength ? null : JsonNode.Parse(Base64UrlTextEncoder.Decode(text));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Problem(400, Malformed);
        }

        if (node is not JsonArray array || array.Count != 2 + keyKinds.Length
            || array[0] is not JsonValue name || !name.TryGetValue<string>(out var listName)
            || array[1] is not JsonValue bound || !bound.TryGetValue<string>(out var binding))
        {
            return Problem(400, Malformed);
        }

        if (listName != list || binding != Binding(list, filters))
        {
            return Problem(400, "cursor: made for another list or other filters; start again without it");
        }

        for (var i = 0; i < keyKinds.Length; i++)
        {
            var ok = array[2 + i] is JsonValue part && (keyKinds[i] == JsonValueKind.String
                ? part.TryGetValue<string>(out var s) && s.Length is > 0 and <= 256
                : part.TryGetValue<long>(out _));
            if (!ok)
            {
                return Problem(400, Malformed);
            }
        }

        key = [.. array.Skip(2).Select(n => n!.DeepClone())];
        return null;
    }

    /// <summary>The cursor after an item with <paramref name="key"/> (its sort key) in <paramref name="list"/> with <paramref name="filters"/>.</summary>
    public static string Cursor(string list, string filters, params JsonNode[] key)
    {
        JsonArray array = [JsonValue.Create(list), JsonValue.Create(Binding(list, filters)), .. key];
        return Base64UrlTextEncoder.Encode(Encoding.UTF8.GetBytes(array.ToJsonString()));
    }

    /// <summary>
    /// Keeps the first <paramref name="limit"/> of <paramref name="items"/> (read with one more than the limit) and, when
    /// there was one more, sets the <c>Link</c> header to this request with the cursor after the last kept item.
    /// </summary>
    public static IReadOnlyList<T> Page<T>(HttpContext context, IReadOnlyList<T> items, int limit, Func<T, string> cursorAfter)
    {
        if (items.Count <= limit)
        {
            return items;
        }

        var page = items.Take(limit).ToList();
        var query = context.Request.Query
            .Where(p => !string.Equals(p.Key, "cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new KeyValuePair<string, string?>("cursor", cursorAfter(page[^1])));
        var next = context.Request.PathBase + context.Request.Path + QueryString.Create(query);
        context.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return page;
    }

    /// <summary>The filters as one text, for <see cref="Cursor"/> and <see cref="ReadCursor"/>: each <c>name=value</c>, in the order given.</summary>
    public static string Filters(params (string Name, string? Value)[] filters) =>
        string.Join('\n', filters.Select(f => f.Name + "=" + (f.Value ?? "")));

    /// <summary>A short digest binding a cursor to its list and filters (not a secret: a cursor only positions a page).</summary>
    private static string Binding(string list, string filters) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(list + "\n" + filters)).AsSpan(0, 8));

    private static string Shown(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
