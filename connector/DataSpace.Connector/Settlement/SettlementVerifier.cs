using System.Text.Json.Nodes;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// The auditor's check of settlement statements, offline, with the log export and the connector's public key alone
/// (docs/metering.md, "Verifying a statement"): the export verifies; each statement is signed by the connector; its
/// embedded agreement statement is signed by the connector and is the one the log's <c>agreement.create</c> entry
/// names; the statement is the one a <c>settlement.close</c> entry names; and the statement is exactly what
/// <see cref="SettlementLedger"/> recomputes from the export's entries below the statement's <c>log.to</c>. The
/// first difference is the failure, naming the run or field.
/// </summary>
public static class SettlementVerifier
{
    /// <summary>Values in failures as written (no <c>\u002B</c> for a time zone's <c>+</c>); never parsed back.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<SettlementVerification> Verify(
        IReadOnlyList<SignedStatement> statements, string exportFolder, PublicKey connectorKey, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(exportFolder);
        ArgumentNullException.ThrowIfNull(connectorKey);
        var export = LogExportVerifier.Verify(exportFolder, connectorKey, origin);
        if (!export.IsValid)
        {
            return [.. statements.Select(_ => SettlementVerification.Fail(null, null, $"the log export does not verify ({export.Failure}): {export.Detail}"))];
        }

        var results = new SettlementVerification?[statements.Count];
        var claims = new List<Claim>();
        for (var i = 0; i < statements.Count; i++)
        {
            if (Read(statements[i], connectorKey, out var claim) is { } failure)
            {
                results[i] = failure;
                continue;
            }

            claims.Add(claim! with { Position = i });
        }

        // One ledger per (period, log range, share schedule): statements closed together share one scan.
        foreach (var group in claims.GroupBy(c => (c.Period, c.LogTo, Shares: string.Join(",", c.Shares.ToStrings()))))
        {
            var members = group.ToList();
            var ledger = new SettlementLedger(group.Key.Period, members.Select(m => m.Pricing).DistinctBy(p => p.AgreementId), members[0].Shares, group.Key.LogTo);
            var digests = members.ToDictionary(m => m.Digest, _ => (long?)null, StringComparer.Ordinal);
            var aborted = new HashSet<string>(StringComparer.Ordinal);
            var digestOperations = new Dictionary<string, string>(StringComparer.Ordinal);
            Scan(exportFolder, (index, entry) =>
            {
                ledger.Observe(index, entry.Span);

                if (entry.Span.IndexOf("\"settlement.close\""u8) >= 0 || entry.Span.IndexOf("\"aborted\""u8) >= 0)
                {
                    var parsed = LogEntry.Parse(entry.Span);
                    if (parsed.Decision == "aborted" && parsed.Details is { } details && details.TryGetValue("operation", out var operation))
                    {
                        aborted.Add(operation);
                    }
                    else if (parsed.Action == SettlementStatements.CloseAction && parsed.Decision == "permit"
                        && parsed.Digests is { } named && named.TryGetValue(SettlementStatements.StatementDigest, out var digest) && digests.ContainsKey(digest))
                    {
                        digests[digest] = index;
                        if (parsed.Details?.TryGetValue("operation", out var closeOperation) == true)
                        {
                            digestOperations[digest] = closeOperation;
                        }
                    }
                }
            });
            Scan(exportFolder, (index, entry) => ledger.Price(index, entry.Span));
            foreach (var member in members)
            {
                var closeIndex = digests[member.Digest];
                if (closeIndex is not null && digestOperations.TryGetValue(member.Digest, out var op) && aborted.Contains(op))
                {
                    closeIndex = null;
                }

                results[member.Position] = Compare(member, ledger.Draft(member.Pricing.AgreementId), index => EntryAt(exportFolder, index), closeIndex);
            }
        }

        return [.. results.Select(r => r!)];
    }

    private static SettlementVerification Compare(Claim claim, SettlementDraft draft, Func<long, LogEntry?> entryAt, long? closeIndex)
    {
        var agreement = claim.Pricing.AgreementId;
        var period = claim.Period.ToString();
        SettlementVerification Fail(string failure) => SettlementVerification.Fail(agreement, period, failure);

        if (draft.AgreementEntryDigest is null)
        {
            return Fail($"the log holds no agreement.create entry for agreement '{agreement}' below index {claim.LogTo}");
        }

        var embedded = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(claim.Pricing.Statement.ToCanonicalJson()));
        if (draft.AgreementEntryDigest != embedded)
        {
            return Fail($"the embedded agreement statement is not the one the log's agreement.create entry {draft.AgreementEntry} names ({draft.AgreementEntryDigest})");
        }

        if (draft.LateRuns.Count > 0)
        {
            return Fail($"the run at log index {draft.LateRuns[0]} belongs to {period} but lies beyond the statement's range (log.to {claim.LogTo})");
        }

        var expected = SettlementBody.From(draft);
        var expectedRuns = draft.Runs.ToDictionary(r => r.LogIndex);
        foreach (var run in draft.Runs)
        {
            if (!claim.ListedIndices.Contains(run.LogIndex))
            {
                return Fail($"the run at log index {run.LogIndex} (job {run.JobId}, {run.At:O}) is in {period} but missing from the statement");
            }
        }

        foreach (var index in claim.ListedIndices)
        {
            if (expectedRuns.ContainsKey(index))
            {
                continue;
            }

            return Fail(entryAt(index) is { } entry && SettlementLedger.RunEndingActions.Contains(entry.Action)
                && entry.Details?.GetValueOrDefault("agreement") == agreement
                ? SettlementPeriod.Of(entry.When) != claim.Period
                    ? $"the statement lists the run at log index {index} ({entry.Resource}), logged at {entry.When:O}: in period {SettlementPeriod.Of(entry.When)}, not {period}"
                    : $"the statement lists the run at log index {index} ({entry.Resource}), whose run-ending entry was aborted"
                : $"the statement lists log index {index}, which is not a metered run of agreement '{agreement}'");
        }

        // Equal bytes are the common case; the walk that names the first difference runs only when they differ.
        if (!Crypto.Json.CanonicalJson.Serialize(expected).AsSpan().SequenceEqual(Crypto.Json.CanonicalJson.Serialize(claim.Body))
            && FirstDifference(expected, claim.Body, "") is { } difference)
        {
            return Fail(difference);
        }

        if (closeIndex is null)
        {
            return Fail("the export holds no settlement.close entry naming this statement's digest (export the log after the close)");
        }

        return new SettlementVerification(true, agreement, period, null, closeIndex);
    }

    /// <summary>The first path where <paramref name="actual"/> differs from <paramref name="expected"/>, with both values.</summary>
    internal static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject expectedObject when actual is JsonObject actualObject:
                foreach (var name in expectedObject.Select(p => p.Key).Union(actualObject.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    var child = path.Length == 0 ? name : path + "." + name;
                    if (!expectedObject.ContainsKey(name))
                    {
                        return $"'{child}' is in the statement but not in what the log gives";
                    }

                    if (!actualObject.ContainsKey(name))
                    {
                        return $"'{child}' is missing from the statement";
                    }

                    if (FirstDifference(expectedObject[name], actualObject[name], child) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray expectedArray when actual is JsonArray actualArray:
                for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
                {
                    if (FirstDifference(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }

                return expectedArray.Count == actualArray.Count ? null
                    : $"'{path}' has {actualArray.Count} items in the statement; the log gives {expectedArray.Count}";
            default:
                var want = expected?.ToJsonString(Readable) ?? "null";
                var have = actual?.ToJsonString(Readable) ?? "null";
                return want == have ? null : $"'{path}' is {Shorten(have)} in the statement; the log gives {Shorten(want)}";
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";

    /// <summary>The export's entry at <paramref name="index"/> (a scan: only to explain a failure).</summary>
    private static LogEntry? EntryAt(string exportFolder, long index)
    {
        LogEntry? found = null;
        Scan(exportFolder, (i, entry) =>
        {
            if (i == index)
            {
                found = LogEntry.Parse(entry.Span);
            }
        });
        return found;
    }

    private static void Scan(string exportFolder, Action<long, ReadOnlyMemory<byte>> onEntry)
    {
        using var stream = new FileStream(Path.Combine(exportFolder, LogExport.EntriesFile), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        LeafLines.ReadExport(stream, onEntry);
    }

    private static SettlementVerification? Read(SignedStatement statement, PublicKey key, out Claim? claim)
    {
        claim = null;
        if (!statement.Verify(key, SettlementStatements.Type, out var error))
        {
            return SettlementVerification.Fail(null, null, "the statement: " + error);
        }

        var body = statement.Body;
        var agreement = Text(body, "agreement");
        var periodText = Text(body, "period");
        if (!SettlementPeriod.TryParse(periodText, out var period))
        {
            return SettlementVerification.Fail(agreement, periodText, $"the statement's period '{periodText}' is not yyyy-MM");
        }

        SettlementVerification Fail(string failure) => SettlementVerification.Fail(agreement, periodText, failure);
        if (body["log"] is not JsonObject log || log["to"] is not JsonValue to || !to.TryGetValue<long>(out var logTo) || logTo < 0)
        {
            return Fail("the statement's 'log.to' is missing or not a non-negative integer");
        }

        if (body["shareSchedule"] is not JsonArray shareTexts
            || !ShareSchedule.TryParse(shareTexts.Select(s => s is JsonValue v && v.TryGetValue<string>(out var t) ? t : ""), out var shares, out _))
        {
            return Fail("the statement's 'shareSchedule' is not a share schedule");
        }

        if (body["agreementStatement"] is not JsonObject agreementNode || Text(body, "policy") is not { } policy)
        {
            return Fail("the statement lacks 'agreementStatement' or 'policy'");
        }

        SignedStatement agreementStatement;
        try
        {
            agreementStatement = SignedStatement.Parse(agreementNode.ToJsonString());
        }
        catch (StatementException e)
        {
            return Fail("the embedded agreement statement: " + e.Message);
        }

        var pricing = AgreementPricing.TryRead(agreementStatement, policy, key, out var pricingError);
        if (pricing is null)
        {
            return Fail(pricingError!);
        }

        if (pricing.AgreementId != agreement)
        {
            return Fail($"the embedded agreement statement is for '{pricing.AgreementId}', not '{agreement}'");
        }

        var indices = new HashSet<long>();
        if (body["runs"] is not JsonArray runs)
        {
            return Fail("the statement's 'runs' is missing");
        }

        foreach (var run in runs)
        {
            if (run is not JsonObject o || o["index"] is not JsonValue i || !i.TryGetValue<long>(out var index) || !indices.Add(index))
            {
                return Fail("a run of the statement has no 'index', or repeats one");
            }
        }

        claim = new Claim(statement.Body, period, logTo, shares!, pricing, SettlementStatements.DigestOf(statement), indices, 0);
        return null;
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed record Claim(JsonObject Body, SettlementPeriod Period, long LogTo, ShareSchedule Shares, AgreementPricing Pricing, string Digest, HashSet<long> ListedIndices, int Position);
}
