using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Data;

/// <summary>
/// The files of a folder dataset as registered (<see cref="Model.Dataset.PartsJson"/>): a JSON array of
/// <c>{"path", "size", "digest"}</c>, the lines of its digest (<see cref="FolderDigest"/>).
/// </summary>
internal static class DatasetParts
{
    public static string Write(IReadOnlyList<PartDigest> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return JsonSerializer.Serialize(parts.Select(p => new Entry(p.RelativePath, p.Size, p.Digest)));
    }

    /// <exception cref="InvalidOperationException">The stored JSON is not such an array (a damaged store).</exception>
    public static IReadOnlyList<PartDigest> Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var entries = JsonSerializer.Deserialize<List<Entry>>(json) ?? throw new JsonException("null");
            return [.. entries.Select(e => new PartDigest(e.Path ?? throw new JsonException("a part without a path"), e.Size, e.Digest ?? throw new JsonException("a part without a digest")))];
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException("a folder dataset's stored parts_json is not the list of its files: " + e.Message, e);
        }
    }

    private sealed record Entry(
        [property: JsonPropertyName("path")] string? Path,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("digest")] string? Digest);
}
