using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Merkle;
using DataSpace.Crypto.Signatures;
using Spectre.Console;

namespace DataSpace.Cli.Demo;

/// <summary>The steps of <c>dsc demo</c>, each printed with its outcome.</summary>
internal sealed class DemoRun(IAnsiConsole console, string directory, ISignatureSuite suite)
{
    private static readonly (string Actor, string Action, string Resource, string? Decision)[] Events =
    [
        ("supplier", "dataset.register", "dataset/enterprise-tax-2025", null),
        ("supplier", "offer.create", "offer/tax-aggregates", null),
        ("operator", "agreement.sign", "agreement/credit-scoring-01", "permit"),
        ("operator", "job.submit", "job/0001", null),
        ("supplier", "job.approve", "job/0001", "permit"),
        ("connector", "dataset.read", "dataset/enterprise-tax-2025", "permit"),
        ("connector", "dataset.read", "dataset/social-insurance-2025", "deny"),
        ("connector", "result.release", "job/0001", "permit"),
    ];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        console.MarkupLine($"[bold]Data directory[/] {Markup.Escape(directory)}");

        using var key = suite.GenerateKey();
        KeyFiles.SaveSigningKey(key, Path.Combine(directory, "connector.key"));
        File.WriteAllText(Path.Combine(directory, "connector.key.pub"), key.PublicKey.ExportPem());
        var origin = CheckpointNote.DefaultOrigin(key.PublicKey);
        Step(1, $"Connector key: {suite.Name}, key id {key.PublicKey.KeyId}; log origin {origin}");

        var logDirectory = Path.Combine(directory, "log");
        await using var log = TransparencyLog.Open(new LogOptions { Directory = logDirectory, Digest = suite.Digest });
        await using var checkpointer = new Checkpointer(log, key, origin, Path.Combine(logDirectory, "checkpoint"), TimeSpan.FromSeconds(1), TimeProvider.System);
        var table = new Table().AddColumns("index", "actor", "action", "resource", "decision");
        long releaseIndex = -1;
        foreach (var (actor, action, resource, decision) in Events)
        {
            var index = await log.AppendAsync(
                new LogEntry { When = DateTimeOffset.UtcNow, Actor = actor, Action = action, Resource = resource, Decision = decision },
                cancellationToken);
            releaseIndex = action == "result.release" ? index : releaseIndex;
            table.AddRow(index.ToString(System.Globalization.CultureInfo.InvariantCulture), actor, action, resource, decision ?? "");
        }

        Step(2, $"Appended {Events.Length} audit entries; each acknowledged only once on disk (fsync)");
        console.Write(table);

        var signed = checkpointer.SignNow();
        Step(3, "Signed a C2SP checkpoint of the log:");
        console.WriteLine(signed.Note);

        var proof = log.InclusionProof(releaseIndex, signed.Checkpoint.Size);
        var included = MerkleVerifier.VerifyInclusion(log.Hasher, releaseIndex, signed.Checkpoint.Size, log.Hasher.HashLeaf(log.ReadLeaf(releaseIndex)), proof, signed.Checkpoint.RootHash.Span);
        Step(4, $"Inclusion proof of the result release (entry {releaseIndex}): {proof.Length} hashes, {(included ? "verifies" : "DOES NOT VERIFY")} against the checkpoint");

        var export = Path.Combine(directory, "export");
        LogExport.Write(log, signed.Checkpoint, signed.Note, export);
        var state = Path.Combine(directory, "auditor-state.json");
        var verified = LogExportVerifier.Verify(export, key.PublicKey, origin, state);
        Step(5, $"Auditor verifies the export with only the public key: {Outcome(verified)}");

        var tampered = Path.Combine(directory, "export-tampered");
        Directory.CreateDirectory(tampered);
        File.Copy(Path.Combine(export, LogExport.CheckpointFile), Path.Combine(tampered, LogExport.CheckpointFile));
        var lines = File.ReadAllLines(Path.Combine(export, LogExport.EntriesFile));
        lines[6] = lines[6].Replace("\"deny\"", "\"permit\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(tampered, LogExport.EntriesFile), string.Concat(lines.Select(l => l + "\n")));
        var caught = LogExportVerifier.Verify(tampered, key.PublicKey, origin);
        Step(6, $"Someone rewrites entry 6 from deny to permit in a copy: {Outcome(caught)}");

        await log.AppendAsync(new LogEntry { When = DateTimeOffset.UtcNow, Actor = "auditor", Action = "log.verify", Resource = "log/" + origin }, cancellationToken);
        var grown = checkpointer.SignNow();
        var export2 = Path.Combine(directory, "export-2");
        LogExport.Write(log, grown.Checkpoint, grown.Note, export2);
        var consistent = LogExportVerifier.Verify(export2, key.PublicKey, origin, state);
        Step(7, $"The log grows to {grown.Checkpoint.Size}; the auditor's state proves it only appended: {Outcome(consistent)}");

        console.MarkupLine($"[bold]Done.[/] Inspect {Markup.Escape(directory)}; verify again with:");
        console.WriteLine($"  dsc audit verify {export2} --key {Path.Combine(directory, "connector.key.pub")} --state {state}");
        return verified.IsValid && !caught.IsValid && consistent.IsValid && included ? ExitCodes.Ok : ExitCodes.VerificationFailed;
    }

    private void Step(int number, string text) => console.MarkupLine($"[green]{number}.[/] {Markup.Escape(text)}");

    private static string Outcome(VerificationResult result) =>
        result.IsValid ? $"valid ({result.Detail})" : $"REFUSED: {result.Failure}, {result.Detail}";
}
