using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Audit;

/// <summary>Builds real logs and exports them, so tests can tamper with the files.</summary>
internal static class ExportFixture
{
    public const string Origin = "audit.test/log";

    /// <summary>Writes <paramref name="count"/> entries (resources prefixed by <paramref name="prefix"/> from <paramref name="forkAt"/> on) and exports them.</summary>
    public static async Task<string> Export(TempDirectory temp, SigningKey key, int count, string name, int forkAt = int.MaxValue, string prefix = "fork")
    {
        var logDirectory = temp.Combine(name + "-log");
        await using var log = TransparencyLog.Open(new LogOptions { Directory = logDirectory, Digest = key.Suite.Digest });
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(LogEntries.Make(i < forkAt ? $"r/{i}" : $"{prefix}/{i}"));
        }

        await using var checkpointer = new Checkpointer(log, key, Origin, null, TimeSpan.FromHours(1), TimeProvider.System);
        var signed = checkpointer.SignNow();
        var folder = temp.Combine(name);
        LogExport.Write(log, signed.Checkpoint, signed.Note, folder);
        return folder;
    }

    public static string[] Lines(string folder) => File.ReadAllLines(Path.Combine(folder, LogExport.EntriesFile));

    public static void WriteLines(string folder, IEnumerable<string> lines) =>
        File.WriteAllText(Path.Combine(folder, LogExport.EntriesFile), string.Concat(lines.Select(l => l + "\n")));
}
