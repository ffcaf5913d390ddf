using System.Text.Json;
using DataSpace.Crypto.Audit;

namespace DataSpace.WebConsole.Auditor;

/// <summary>A checkpoint the console has seen: its size and root, when, and whether a whole verification of the log proved it.</summary>
internal sealed record SeenCheckpoint(long Size, string Root, DateTimeOffset Seen, bool Verified);

/// <summary>
/// The auditor's state of <c>dsc console --state FILE</c> (docs/console.md, "Auditor"): the file is the one
/// <c>dsc audit verify --state</c> reads and writes (<see cref="AuditorState"/>), read here only to show it; the
/// verification itself (<see cref="LogExportVerifier"/>) checks it and replaces it on success. Beside it,
/// <c>FILE.history.jsonl</c> keeps one line per verified checkpoint, the timeline's history; without a state file the
/// console remembers the checkpoints it verified in this process only.
/// </summary>
internal sealed class AuditorStateFile(string? path)
{
    private const int MaxHistory = 10_000;

    private readonly Lock _gate = new();
    private readonly List<SeenCheckpoint> _session = [];

    /// <summary>The state file's full path, or null when the console was started without <c>--state</c>.</summary>
    public string? Path { get; } = path is null ? null : System.IO.Path.GetFullPath(path);

    /// <summary>The history file beside the state file.</summary>
    public string? HistoryPath => Path is null ? null : Path + ".history.jsonl";

    /// <summary>The stored checkpoint, or null when there is none yet; a corrupt file is reported in <paramref name="problem"/>.</summary>
    public AuditorState? Load(out string? problem)
    {
        problem = null;
        if (Path is null)
        {
            return null;
        }

        try
        {
            return AuditorState.Load(Path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Records a checkpoint that a verification proved (and stored in the state file, when there is one).</summary>
    public void Record(SeenCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate)
        {
            if (HistoryPath is { } history)
            {
                File.AppendAllText(history, JsonSerializer.Serialize(checkpoint) + "\n");
            }
            else if (_session.Count < MaxHistory)
            {
                _session.Add(checkpoint);
            }
        }
    }

    /// <summary>The checkpoints verified so far, oldest first (at most the last <see cref="MaxHistory"/>); lines that do not parse are skipped.</summary>
    public IReadOnlyList<SeenCheckpoint> History()
    {
        lock (_gate)
        {
            if (HistoryPath is not { } history)
            {
                return [.. _session];
            }

            if (!File.Exists(history))
            {
                return [];
            }

            var seen = new List<SeenCheckpoint>();
            foreach (var line in File.ReadLines(history))
            {
                try
                {
                    if (JsonSerializer.Deserialize<SeenCheckpoint>(line) is { } checkpoint)
                    {
                        seen.Add(checkpoint);
                    }
                }
                catch (JsonException)
                {
                }
            }

            return seen.Count > MaxHistory ? seen[^MaxHistory..] : seen;
        }
    }
}
