using System.Security.Cryptography;
using System.Text;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Tests.Common;

/// <summary>
/// The signed logs of one federation's connectors, written with the real <see cref="TransparencyLog"/> and exported as
/// an auditor receives them (docs/audit-log.md, "Export"), with the entries a federated job logs: each participant's
/// <c>federation.contribute</c>, and the aggregator's <c>result.release</c> naming every vector it combined
/// (docs/federation.md). Participant 0 is the aggregator. A test changes the fields before <see cref="WriteAsync"/> to
/// make one party's log say something else; by default every log agrees.
/// </summary>
public sealed class FederationLogs : IDisposable
{
    public const string Federation = "fed-tax-2025";

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly SigningKey[] _keys;

    public FederationLogs(int participants = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(participants, 2);
        Folder = System.IO.Directory.CreateTempSubdirectory("federation-logs-").FullName;
        _keys = [.. Enumerable.Range(0, participants).Select(_ => SignatureSuites.Ed25519.GenerateKey())];
        Vectors = [.. Enumerable.Range(0, participants).Select(i => Digest($"masked vector of participant {i}"))];
        Combined = Enumerable.Range(0, participants).ToDictionary(KeyId, i => Vectors[i], StringComparer.Ordinal);
    }

    /// <summary>The temporary folder holding every log, export and public key file; deleted on dispose.</summary>
    public string Folder { get; }

    public int Count => _keys.Length;

    /// <summary>The aggregator's connector key id (participant 0's).</summary>
    public string Aggregator => KeyId(0);

    /// <summary>The digest of the signed request, named by every contribution and by the release.</summary>
    public string Request { get; set; } = Digest("the operator's signed federation request");

    /// <summary>The masked vector digest each participant's contribution entry logs.</summary>
    public string[] Vectors { get; }

    /// <summary>The release's <c>vector:KEYID</c> digests, by key id: by default every participant's logged vector.</summary>
    public Dictionary<string, string> Combined { get; }

    /// <summary>The federation the aggregator's release names.</summary>
    public string ReleasedFederation { get; set; } = Federation;

    /// <summary>The release's <c>participants</c> detail, when not the number of vectors it combined.</summary>
    public string? StatedParticipants { get; set; }

    /// <summary>Participants whose contribution entry is closed by an <c>aborted</c> entry: their contribution did not happen.</summary>
    public HashSet<int> AbortedContributions { get; } = [];

    public string KeyId(int participant) => _keys[participant].PublicKey.KeyId;

    public PublicKey PublicKey(int participant) => _keys[participant].PublicKey;

    public string ExportOf(int participant) => Path.Combine(Folder, $"export-{participant}");

    public string PublicKeyFileOf(int participant) => Path.Combine(Folder, $"connector-{participant}.key.pub");

    public static string Digest(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Writes every participant's log, its export (default origin) and its public key file.</summary>
    public async Task WriteAsync()
    {
        for (var i = 0; i < Count; i++)
        {
            await File.WriteAllTextAsync(PublicKeyFileOf(i), PublicKey(i).ExportPem());
            await using var log = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(Folder, $"log-{i}"), Digest = _keys[i].Suite.Digest });
            var job = $"job/job-{i}";
            await log.AppendAsync(Entry(0, "job.submit", job, "permit", new() { ["operation"] = Operation() }));
            await log.AppendAsync(Entry(1, "result.release", "job/an-earlier-job", "permit", new() { ["operation"] = Operation(), ["recipient"] = "someone" },
                new() { ["output"] = Digest("an unrelated release") }));
            var contribution = Operation();
            await log.AppendAsync(Entry(2, "federation.contribute", job, "permit",
                new() { ["federation"] = Federation, ["aggregator"] = Aggregator, ["agreement"] = $"agr-{i}", ["meter"] = "{}", ["operation"] = contribution },
                new() { ["vector"] = Vectors[i], ["request"] = Request, ["plan"] = Digest("the plan") }));
            if (AbortedContributions.Contains(i))
            {
                await log.AppendAsync(Entry(3, "federation.contribute", job, "aborted", new() { ["operation"] = contribution, ["reason"] = "the aggregator did not answer" }));
            }

            if (i == 0)
            {
                var digests = new Dictionary<string, string>
                {
                    ["output"] = Digest("the sealed result"), ["module"] = Digest("the module"), ["dataset"] = Digest("the dataset"), ["request"] = Request,
                };
                foreach (var (keyId, vector) in Combined)
                {
                    digests["vector:" + keyId] = vector;
                }

                await log.AppendAsync(Entry(4, "result.release", "job/job-0-combined", "permit", new()
                {
                    ["recipient"] = "data-user-key", ["federation"] = ReleasedFederation, ["participants"] = StatedParticipants ?? Combined.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["operation"] = Operation(), ["agreement"] = "agr-0",
                }, digests));
            }

            await log.AppendAsync(Entry(5, "job.submit", "job/a-later-job", "permit", new() { ["operation"] = Operation() }));
            await using var checkpointer = new Checkpointer(log, _keys[i], CheckpointNoteOrigin(i), null, TimeSpan.FromHours(1), TimeProvider.System);
            var note = checkpointer.SignNow();
            LogExport.Write(log, note.Checkpoint, note.Note, ExportOf(i));
        }
    }

    /// <summary>Flips one byte inside an entry of participant <paramref name="participant"/>'s export, after it was signed.</summary>
    public void AlterExport(int participant)
    {
        var path = Path.Combine(ExportOf(participant), LogExport.EntriesFile);
        var bytes = File.ReadAllBytes(path);
        var at = Encoding.UTF8.GetString(bytes).IndexOf("agr-", StringComparison.Ordinal) + 4;
        bytes[at] = (byte)(bytes[at] == (byte)'7' ? '8' : '7');
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        System.IO.Directory.Delete(Folder, recursive: true);
    }

    private string CheckpointNoteOrigin(int participant) => Crypto.Checkpoints.CheckpointNote.DefaultOrigin(PublicKey(participant));

    private static string Operation() => Guid.NewGuid().ToString("N");

    private static LogEntry Entry(
        int minutes, string action, string resource, string decision, Dictionary<string, string> details, Dictionary<string, string>? digests = null) => new()
    {
        When = Start.AddMinutes(minutes),
        Actor = "urn:party:provincial-operator",
        Action = action,
        Resource = resource,
        Decision = decision,
        Details = details,
        Digests = digests,
    };
}
