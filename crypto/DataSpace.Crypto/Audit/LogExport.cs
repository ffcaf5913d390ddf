using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;

namespace DataSpace.Crypto.Audit;

/// <summary>
/// Writes a log export (docs/audit-log.md, "Export"): a folder holding <c>checkpoint</c>, the signed note as
/// served, and <c>entries.jsonl</c>, whose line i is exactly the bytes hashed as leaf i.
/// </summary>
public static class LogExport
{
    public const string CheckpointFile = "checkpoint";
    public const string EntriesFile = "entries.jsonl";

    /// <summary>Exports the first <paramref name="checkpoint"/>.Size entries with the signed <paramref name="note"/>.</summary>
    public static void Write(ITransparencyLog log, Checkpoint checkpoint, string note, string folder)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(note);
        Directory.CreateDirectory(folder);
        if (File.Exists(Path.Combine(folder, CheckpointFile)) || File.Exists(Path.Combine(folder, EntriesFile)))
        {
            throw new IOException($"{folder} already holds an export; choose an empty folder");
        }

        using (var entries = new FileStream(Path.Combine(folder, EntriesFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            log.WriteLeaves(0, checkpoint.Size, entries);
        }

        File.WriteAllText(Path.Combine(folder, CheckpointFile), note);
    }
}
