using System.Text.Json;
using System.Text.Json.Serialization;
using DataSpace.Crypto.Checkpoints;

namespace DataSpace.Crypto.Audit;

/// <summary>
/// What an auditor remembers between runs: the last checkpoint it verified. The next verification must show
/// a log that only appended to that one. Stored as JSON, replaced atomically.
/// </summary>
public sealed record AuditorState
{
    [JsonPropertyName("origin")]
    public required string Origin { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>Standard base64 of the root hash at <see cref="Size"/>.</summary>
    [JsonPropertyName("root")]
    public required string Root { get; init; }

    /// <summary>The signed checkpoint note as it was served.</summary>
    [JsonPropertyName("checkpoint")]
    public required string CheckpointNote { get; init; }

    public static AuditorState From(Checkpoint checkpoint, string note)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new AuditorState
        {
            Origin = checkpoint.Origin,
            Size = checkpoint.Size,
            Root = Convert.ToBase64String(checkpoint.RootHash.Span),
            CheckpointNote = note,
        };
    }

    /// <summary>Reads a state file; a missing file is no state, a corrupt one an error.</summary>
    public static AuditorState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<AuditorState>(File.ReadAllBytes(path));
            if (state is null || state.Size < 0 || Convert.FromBase64String(state.Root).Length != 32)
            {
                throw new InvalidDataException($"{path}: not an auditor state file");
            }

            return state;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidDataException($"{path}: not an auditor state file: {e.Message}", e);
        }
    }

    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
