using System.Text.Json;
using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Log;

/// <summary><c>log.json</c>: the format and digest, fixed when the log is created (docs/audit-log.md, "Storage").</summary>
internal static class LogDescriptor
{
    public const string FileName = "log.json";

    /// <summary>The digest the log at <paramref name="path"/> was created with; <see cref="InvalidDataException"/> naming the file if unusable.</summary>
    public static DigestAlgorithm Read(string path)
    {
        int format;
        string? stored;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetInt32() : -1;
            stored = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a log descriptor: {e.Message}", e);
        }

        if (format != 1)
        {
            throw new InvalidDataException($"{path}: unsupported log format {format}; this connector reads format 1");
        }

        return Digest.TryParse(stored, out var digest)
            ? digest
            : throw new InvalidDataException($"{path}: unknown log digest '{stored}'");
    }

    /// <summary>Refuses a log created with another digest; creates the descriptor (durably) for a new log.</summary>
    public static void CheckOrCreate(string path, DigestAlgorithm digest)
    {
        if (File.Exists(path))
        {
            var stored = Read(path);
            if (stored != digest)
            {
                throw new InvalidDataException($"{path}: the log was created with digest '{stored.Name()}', but '{digest.Name()}' is configured");
            }

            return;
        }

        var temporary = path + ".tmp";
        File.WriteAllText(temporary, $"{{\"digest\":\"{digest.Name()}\",\"format\":1}}\n");
        using (var handle = File.OpenHandle(temporary, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temporary, path);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
