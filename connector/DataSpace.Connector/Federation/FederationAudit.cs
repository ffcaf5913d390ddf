using System.Globalization;
using System.Runtime.ExceptionServices;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;

namespace DataSpace.Connector.Federation;

/// <summary>
/// The auditor's offline check of a federation (docs/federation.md; <c>dsc audit federation</c> in docs/cli.md), from
/// the connectors' log exports and public keys alone: every export verifies; the aggregator's log holds exactly one
/// release of the federation that no <c>aborted</c> entry closed; and that release combined exactly the vectors the
/// participants logged: one <c>vector:KEYID</c> digest per participant given, none for anyone else, each equal to the
/// <c>vector</c> digest of the participant's one standing <c>federation.contribute</c> entry, which names the same
/// aggregator and the same signed request. A vector the aggregator combined that is not the one a participant logged
/// (a tampered masked vector) is therefore refused, naming the participant and both entries.
/// </summary>
public static class FederationAudit
{
    private const string VectorPrefix = "vector:";

    /// <summary>
    /// Audits federation <paramref name="federationId"/>. <paramref name="participants"/> are every participant's log,
    /// the aggregator's included or not (the aggregator is always a participant); the same connector twice is accepted
    /// only with the same export folder.
    /// </summary>
    /// <exception cref="ArgumentException">No federation id, or one connector given with two export folders.</exception>
    /// <exception cref="IOException">An export's file could not be read.</exception>
    public static FederationAuditResult Audit(
        string federationId, FederationAuditLog aggregator, IReadOnlyList<FederationAuditLog> participants, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(federationId);
        ArgumentNullException.ThrowIfNull(aggregator);
        ArgumentNullException.ThrowIfNull(participants);
        var logs = Distinct(aggregator, participants);
        var names = logs.Select(l => l.Connector).ToList();
        var scans = new Scan[logs.Count];
        try
        {
            Parallel.For(0, logs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                i => scans[i] = Read(logs[i], logs[i].Connector == aggregator.Connector, federationId, cancellationToken));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        // An export that does not verify is not read further: nothing in it is evidence.
        var unreadable = scans.Where(s => s.Failure is not null).Select(s => s.Failure!).ToList();
        if (unreadable.Count > 0)
        {
            return new FederationAuditResult(unreadable, null, names);
        }

        var failures = new List<string>();
        var aggregatorScan = scans.Single(s => s.Log.Connector == aggregator.Connector);
        var release = TheOne(aggregatorScan.Releases, aggregatorScan.AbortedReleases, $"the aggregator {aggregator.Connector}", "release", federationId, failures);
        if (release is null)
        {
            return new FederationAuditResult(failures, null, names);
        }

        Compare(federationId, aggregator.Connector, release.Value, scans, failures);
        return new FederationAuditResult(failures, release.Value.Index, names);
    }

    /// <summary>The release against every participant's contribution; each difference is added to <paramref name="failures"/>.</summary>
    private static void Compare(string federationId, string aggregator, Logged release, Scan[] scans, List<string> failures)
    {
        var r = release.Index;
        var digests = release.Entry.Digests ?? new Dictionary<string, string>();
        var requestDigest = digests.GetValueOrDefault("request");
        if (requestDigest is null)
        {
            failures.Add($"the release (entry {r}) names no request digest");
        }

        var vectors = digests.Where(d => d.Key.StartsWith(VectorPrefix, StringComparison.Ordinal))
            .ToDictionary(d => d.Key[VectorPrefix.Length..], d => d.Value, StringComparer.Ordinal);
        var stated = release.Entry.Details?.GetValueOrDefault("participants");
        if (stated != vectors.Count.ToString(CultureInfo.InvariantCulture))
        {
            failures.Add($"the release (entry {r}) states {stated ?? "no number of"} participants but combined {vectors.Count} vectors");
        }

        var given = scans.Select(s => s.Log.Connector).ToHashSet(StringComparer.Ordinal);
        foreach (var (connector, digest) in vectors.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!given.Contains(connector))
            {
                failures.Add($"the release (entry {r}) combined a vector of connector {connector} ({digest}), which is not among the participants given");
            }
        }

        foreach (var scan in scans)
        {
            var k = scan.Log.Connector;
            var who = k == aggregator ? $"participant {k} (the aggregator)" : $"participant {k}";
            var combined = vectors.GetValueOrDefault(k);
            if (combined is null)
            {
                failures.Add($"{who}: the release (entry {r}) combined no vector of it");
            }

            if (TheOne(scan.Contributions, scan.AbortedContributions, who, "contribution", federationId, failures) is not { } contribution)
            {
                continue;
            }

            var c = contribution.Index;
            var named = contribution.Entry.Details?.GetValueOrDefault("aggregator");
            if (named != aggregator)
            {
                failures.Add($"{who}: its contribution (entry {c}) names aggregator {named ?? "(none)"}, not {aggregator}");
            }

            var contributed = contribution.Entry.Digests ?? new Dictionary<string, string>();
            var request = contributed.GetValueOrDefault("request");
            if (requestDigest is not null && request != requestDigest)
            {
                failures.Add($"{who}: its contribution (entry {c}) is for request {request ?? "(none)"}, the release (entry {r}) for {requestDigest}");
            }

            var vector = contributed.GetValueOrDefault("vector");
            if (vector is null)
            {
                failures.Add($"{who}: its contribution (entry {c}) names no vector digest");
            }
            else if (combined is not null && vector != combined)
            {
                failures.Add($"{who}: its log's contribution (entry {c}) has vector {vector}, the release (entry {r}) combined {combined}");
            }
        }
    }

    /// <summary>The one standing entry of a kind, or null with the failure: none (saying which were aborted), or several.</summary>
    private static Logged? TheOne(List<Logged> standing, List<long> aborted, string who, string kind, string federationId, List<string> failures)
    {
        if (standing.Count == 1)
        {
            return standing[0];
        }

        if (standing.Count == 0)
        {
            var closed = aborted.Count == 0 ? ""
                : $" (the {kind} at entr{(aborted.Count == 1 ? "y" : "ies")} {string.Join(", ", aborted)} was aborted: it did not happen)";
            failures.Add($"{who}: its log holds no {kind} of federation {federationId}{closed}");
        }
        else
        {
            failures.Add($"{who}: its log holds {standing.Count} {kind}s of federation {federationId} (entries {string.Join(", ", standing.Select(s => s.Index))}); exactly one is expected");
        }

        return null;
    }

    /// <summary>The logs to read, one per connector, the aggregator first.</summary>
    private static List<FederationAuditLog> Distinct(FederationAuditLog aggregator, IReadOnlyList<FederationAuditLog> participants)
    {
        var logs = new List<FederationAuditLog> { aggregator };
        foreach (var participant in participants)
        {
            ArgumentNullException.ThrowIfNull(participant, nameof(participants));
            var same = logs.FirstOrDefault(l => l.Connector == participant.Connector);
            if (same is null)
            {
                logs.Add(participant);
            }
            else if (Path.GetFullPath(same.ExportFolder) != Path.GetFullPath(participant.ExportFolder) || same.Origin != participant.Origin)
            {
                throw new ArgumentException($"connector {participant.Connector} is given twice, with exports {same.ExportFolder} and {participant.ExportFolder}", nameof(participants));
            }
        }

        return logs;
    }

    /// <summary>Verifies one export and, when it verifies, reads its entries of the federation.</summary>
    private static Scan Read(FederationAuditLog log, bool isAggregator, string federationId, CancellationToken cancellationToken)
    {
        var who = isAggregator ? $"the aggregator {log.Connector}" : $"participant {log.Connector}";
        var verified = LogExportVerifier.Verify(log.ExportFolder, log.Key, log.Origin, cancellationToken: cancellationToken);
        if (!verified.IsValid)
        {
            return new Scan(log) { Failure = $"{who}: its log export {log.ExportFolder} does not verify ({verified.Failure}): {verified.Detail}" };
        }

        var contributions = new List<Logged>();
        var releases = new List<Logged>();
        var aborted = new HashSet<(string Action, string Resource, string Operation)>();
        void Consider(long index, ReadOnlySpan<byte> bytes)
        {
            // Most entries are neither: they are skipped without being parsed.
            if (bytes.IndexOf("\"federation.contribute\""u8) < 0 && (!isAggregator || bytes.IndexOf("\"result.release\""u8) < 0))
            {
                return;
            }

            var entry = LogEntry.Parse(bytes);
            var isContribution = entry.Action == AuditActions.FederationContribute;
            if (!isContribution && !(isAggregator && entry.Action == AuditActions.ResultRelease))
            {
                return;
            }

            if (entry.Decision == AuditDecisions.Aborted)
            {
                if (entry.Details?.GetValueOrDefault(AuditTrail.OperationDetail) is { } closed)
                {
                    aborted.Add((entry.Action, entry.Resource, closed));
                }
            }
            else if (entry.Decision == AuditDecisions.Permit && entry.Details?.GetValueOrDefault("federation") == federationId)
            {
                (isContribution ? contributions : releases).Add(new Logged(index, entry));
            }
        }

        long reading = 0;
        try
        {
            using var stream = new FileStream(Path.Combine(log.ExportFolder, LogExport.EntriesFile), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            LeafLines.ReadExport(stream, (index, bytes) =>
            {
                reading = index;
                if ((index & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                Consider(index, bytes.Span);
                reading = index + 1;
            });
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return new Scan(log) { Failure = $"{who}: entry {reading} of its export cannot be read: {e.Message}" };
        }

        var scan = new Scan(log);
        Split(contributions, aborted, scan.Contributions, scan.AbortedContributions);
        Split(releases, aborted, scan.Releases, scan.AbortedReleases);
        return scan;
    }

    /// <summary>Entries an <c>aborted</c> entry closed did not take effect: they are set apart, kept only to be named.</summary>
    private static void Split(List<Logged> opened, HashSet<(string, string, string)> aborted, List<Logged> standing, List<long> closed)
    {
        foreach (var logged in opened)
        {
            var operation = logged.Entry.Details?.GetValueOrDefault(AuditTrail.OperationDetail);
            if (operation is not null && aborted.Contains((logged.Entry.Action, logged.Entry.Resource, operation)))
            {
                closed.Add(logged.Index);
            }
            else
            {
                standing.Add(logged);
            }
        }
    }

    private readonly record struct Logged(long Index, LogEntry Entry);

    /// <summary>What one export holds of the federation: its standing entries, and the indexes of the aborted ones.</summary>
    private sealed class Scan(FederationAuditLog log)
    {
        public FederationAuditLog Log => log;

        public string? Failure { get; init; }

        public List<Logged> Contributions { get; } = [];

        public List<long> AbortedContributions { get; } = [];

        public List<Logged> Releases { get; } = [];

        public List<long> AbortedReleases { get; } = [];
    }
}
