using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Audit;

/// <summary>
/// The worked example of docs/audit-log.md, sections "Checkpoints" and "Export": a log of three entries signed with
/// the RFC 8032 section 7.1 TEST 1 key (Ed25519 signatures are deterministic, so the note is fixed).
/// </summary>
public sealed class ExportDocumentTests : IDisposable
{
    public const string Origin = "example.org/dataspace/log";
    private const string Rfc8032Test1Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private readonly TempDirectory _temp = new();

    public static SigningKey ExampleKey() => SigningKey.ImportPkcs8Pem(System.Security.Cryptography.PemEncoding.WriteString(
        "PRIVATE KEY", Convert.FromHexString("302e020100300506032b657004220420" + Rfc8032Test1Seed)));

    public static LogEntry[] ExampleEntries() =>
    [
        new() { When = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), Actor = "06e3fd8fda29bb60ab59557de61edb0a", Action = "dataset.register", Resource = "dataset/enterprise-tax-2025" },
        new() { When = new DateTimeOffset(2026, 11, 23, 9, 5, 0, TimeSpan.Zero), Actor = "06e3fd8fda29bb60ab59557de61edb0a", Action = "job.approve", Resource = "job/0001", Decision = "permit" },
        new() { When = new DateTimeOffset(2026, 11, 23, 9, 7, 30, 250, TimeSpan.Zero), Actor = "06e3fd8fda29bb60ab59557de61edb0a", Action = "dataset.read", Resource = "dataset/social-insurance-2025", Decision = "deny", Details = new Dictionary<string, string> { ["job"] = "job/0001", ["reason"] = "not linkable" } },
    ];

    [Fact]
    public async Task Document_ExportExample_IsWhatTheCodeProduces()
    {
        var (note, entries) = await BuildExample();
        var doc = RepositoryDocs.Read("audit-log.md");

        Assert.Contains("```text\n" + note + "```", doc, StringComparison.Ordinal);
        Assert.Contains("```text\n" + entries + "```", doc, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_ExportExample_VerifiesWithTheDocumentedVerifierKey()
    {
        var (note, _) = await BuildExample();
        using var key = ExampleKey();
        var verifierKey = DataSpace.Crypto.Checkpoints.NoteKeys.VerifierKey(Origin, key.PublicKey);

        Assert.Contains("`" + verifierKey + "`", RepositoryDocs.Read("audit-log.md"), StringComparison.Ordinal);
        var (exitCode, output) = GoNoteCheck.Open(verifierKey, note);
        Assert.True(exitCode == 0, output);
    }

    private async Task<(string Note, string Entries)> BuildExample()
    {
        using var key = ExampleKey();
        await using var log = TransparencyLog.Open(new LogOptions { Directory = _temp.Combine("log") });
        foreach (var entry in ExampleEntries())
        {
            await log.AppendAsync(entry);
        }

        await using var checkpointer = new Checkpointer(log, key, Origin, null, TimeSpan.FromHours(1), TimeProvider.System);
        var signed = checkpointer.SignNow();
        var folder = _temp.Combine("export");
        LogExport.Write(log, signed.Checkpoint, signed.Note, folder);
        Assert.True(LogExportVerifier.Verify(folder, key.PublicKey, Origin).IsValid);
        var exported = File.ReadAllText(Path.Combine(folder, LogExport.EntriesFile));
        return (signed.Note, exported);
    }

    public void Dispose() => _temp.Dispose();
}
