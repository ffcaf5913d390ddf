using System.Runtime.ExceptionServices;
using System.Text.Json;
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

    /// <summary>Verifies statements held in memory (each is serialised to its canonical bytes when its turn comes).</summary>
    public static IReadOnlyList<SettlementVerification> Verify(
        IReadOnlyList<SignedStatement> statements, string exportFolder, PublicKey connectorKey, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        return Verify([.. statements.Select((s, i) => new Source($"statement {i + 1}", s.ToCanonicalJson))], exportFolder, connectorKey, origin);
    }

    /// <summary>
    /// Verifies statement files, one at a time: each file is read once to learn its agreement, period and range, and
    /// once more when its recomputation is compared, so memory holds one statement, not all of them. A file that is
    /// not a statement throws <see cref="StatementException"/> naming it.
    /// </summary>
    public static IReadOnlyList<SettlementVerification> VerifyFiles(
        IReadOnlyList<string> statementFiles, string exportFolder, PublicKey connectorKey, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(statementFiles);
        return Verify([.. statementFiles.Select(f => new Source(Path.GetFileName(f), () => File.ReadAllBytes(f)))], exportFolder, connectorKey, origin);
    }

    private static IReadOnlyList<SettlementVerification> Verify(IReadOnlyList<Source> statements, string exportFolder, PublicKey connectorKey, string? origin)
    {
        ArgumentNullException.ThrowIfNull(exportFolder);
        ArgumentNullException.ThrowIfNull(connectorKey);
        // The export's chain and root are checked on their own thread while the statements are read and the entries recomputed.
        VerificationResult? export = null;
        ExceptionDispatchInfo? exportFailure = null;
        var exportCheck = new Thread(() =>
        {
            try
            {
                export = LogExportVerifier.Verify(exportFolder, connectorKey, origin);
            }
            catch (Exception e)
            {
                exportFailure = ExceptionDispatchInfo.Capture(e);
            }
        }) { IsBackground = true, Name = "export verification" };
        exportCheck.Start();
        var results = new SettlementVerification?[statements.Count];
        ExceptionDispatchInfo? scanFailure = null;
        try
        {
            var read = new Claim?[statements.Count];
            Parallel.For(0, statements.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                if (Read(Read(statements[i]), connectorKey, out var claim) is { } failure)
                {
                    results[i] = failure;
                }
                else
                {
                    read[i] = claim! with { Position = i };
                }
            });
            Recompute(statements, [.. read.OfType<Claim>()], results, exportFolder);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<StatementException>().FirstOrDefault() is { } malformed)
        {
            ExceptionDispatchInfo.Throw(malformed);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or JsonException)
        {
            scanFailure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            exportCheck.Join();
        }

        exportFailure?.Throw();
        if (export is not { IsValid: true })
        {
            return [.. statements.Select(_ => SettlementVerification.Fail(null, null, $"the log export does not verify ({export?.Failure}): {export?.Detail}", SettlementCheck.Export))];
        }

        scanFailure?.Throw();
        return [.. results.Select(r => r!)];
    }

    /// <summary>Recomputes each group of claims from one scan of the export and compares every statement of the group.</summary>
    private static void Recompute(IReadOnlyList<Source> statements, List<Claim> claims, SettlementVerification?[] results, string exportFolder)
    {
        // One ledger per (period, log range, share schedule): statements closed together share one scan.
        foreach (var group in claims.GroupBy(c => (c.Period, c.LogTo, Shares: string.Join(",", c.Shares.ToStrings()))))
        {
            var members = group.ToList();
            var ledger = new SettlementLedger(group.Key.Period, members.Select(m => m.Pricing).DistinctBy(p => p.AgreementId), members[0].Shares, group.Key.LogTo);
            var digests = members.ToDictionary(m => m.Digest, _ => (long?)null, StringComparer.Ordinal);
            var aborted = new HashSet<string>(StringComparer.Ordinal);
            var digestOperations = new Dictionary<string, string>(StringComparer.Ordinal);
            ledger.AddAll(onEntry => Scan(exportFolder, onEntry), (index, entry) =>
            {
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
            ledger.Settle();

            // A few statements at a time (one per core), each read, recomputed and compared on its own.
            Parallel.ForEach(members, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, member =>
            {
                var closeIndex = digests[member.Digest];
                if (closeIndex is not null && digestOperations.TryGetValue(member.Digest, out var op) && aborted.Contains(op))
                {
                    closeIndex = null;
                }

                results[member.Position] = Compare(member, () => Read(statements[member.Position]), ledger.Draft(member.Pricing.AgreementId), index => EntryAt(exportFolder, index), closeIndex);
            });
        }

    }

    private static CanonicalStatement Read(Source source)
    {
        try
        {
            return SettlementStatements.Read(source.Read());
        }
        catch (StatementException e)
        {
            throw new StatementException($"{source.Name}: {e.Message}", e);
        }
    }

    private static SettlementVerification Compare(Claim claim, Func<CanonicalStatement> readAgain, SettlementDraft draft, Func<long, LogEntry?> entryAt, long? closeIndex)
    {
        var agreement = claim.Pricing.AgreementId;
        var period = claim.Period.ToString();
        SettlementVerification Fail(SettlementCheck check, string failure) => SettlementVerification.Fail(agreement, period, failure, check);

        if (draft.AgreementEntryDigest is null)
        {
            return Fail(SettlementCheck.AgreementEntry, $"the log holds no agreement.create entry for agreement '{agreement}' below index {claim.LogTo}");
        }

        var embedded = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(claim.Pricing.Statement.ToCanonicalJson()));
        if (draft.AgreementEntryDigest != embedded)
        {
            return Fail(SettlementCheck.AgreementEntry, $"the embedded agreement statement is not the one the log's agreement.create entry {draft.AgreementEntry} names ({draft.AgreementEntryDigest})");
        }

        if (draft.LateRuns.Count > 0)
        {
            return Fail(SettlementCheck.Range, $"the run at log index {draft.LateRuns[0]} belongs to {period} but lies beyond the statement's range (log.to {claim.LogTo})");
        }

        // Equal bytes are the common case: the statement the recomputed body makes with the statement's own signature
        // has the statement's digest (taken when it was first read). Only when it differs is the file read again, to
        // name the first difference.
        var expected = SettlementBody.Canonical(draft);
        if (CanonicalStatement.Sha256Of(claim.Type, expected, claim.Signer, claim.Suite, claim.Signature) != claim.Digest)
        {
            var statement = readAgain();
            if (SettlementStatements.DigestOf(statement.Bytes.Span) != claim.Digest)
            {
                return Fail(SettlementCheck.Signature, "the statement file changed while it was verified");
            }

            if (!statement.Body.Span.SequenceEqual(expected))
            {
                var (check, difference) = Explain(claim, (JsonObject)JsonNode.Parse(statement.Body.Span)!, expected, draft, entryAt);
                return Fail(check, difference);
            }
        }

        if (closeIndex is null)
        {
            return Fail(SettlementCheck.CloseEntry, "the export holds no settlement.close entry naming this statement's digest (export the log after the close)");
        }

        return new SettlementVerification(true, agreement, period, null, closeIndex);
    }

    /// <summary>Why a statement's body is not the <paramref name="expected"/> one: a run missing or extra, else the first differing field.</summary>
    private static (SettlementCheck Check, string Failure) Explain(Claim claim, JsonObject body, byte[] expected, SettlementDraft draft, Func<long, LogEntry?> entryAt)
    {
        var agreement = claim.Pricing.AgreementId;
        var period = claim.Period.ToString();
        var listed = new HashSet<long>();
        if (body["runs"] is not JsonArray runs)
        {
            return (SettlementCheck.Runs, "the statement's 'runs' is missing");
        }

        foreach (var run in runs)
        {
            if (run is not JsonObject o || o["index"] is not JsonValue i || !i.TryGetValue<long>(out var index) || !listed.Add(index))
            {
                return (SettlementCheck.Runs, "a run of the statement has no 'index', or repeats one");
            }
        }

        var expectedRuns = draft.Runs.ToDictionary(r => r.LogIndex);
        foreach (var run in draft.Runs)
        {
            if (!listed.Contains(run.LogIndex))
            {
                return (SettlementCheck.Runs, $"the run at log index {run.LogIndex} (job {run.JobId}, {run.At:O}) is in {period} but missing from the statement");
            }
        }

        foreach (var index in listed)
        {
            if (expectedRuns.ContainsKey(index))
            {
                continue;
            }

            return (SettlementCheck.Runs, entryAt(index) is { } entry && SettlementLedger.RunEndingActions.Contains(entry.Action)
                && entry.Details?.GetValueOrDefault("agreement") == agreement
                ? SettlementPeriod.Of(entry.When) != claim.Period
                    ? $"the statement lists the run at log index {index} ({entry.Resource}), logged at {entry.When:O}: in period {SettlementPeriod.Of(entry.When)}, not {period}"
                    : $"the statement lists the run at log index {index} ({entry.Resource}), whose run-ending entry was aborted"
                : $"the statement lists log index {index}, which is not a metered run of agreement '{agreement}'");
        }

        return (SettlementCheck.Amounts, FirstDifference(JsonNode.Parse(expected), body, "") ?? "the statement's bytes are not what the log gives");
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

    private static SettlementVerification? Read(CanonicalStatement statement, PublicKey key, out Claim? claim)
    {
        claim = null;
        if (!statement.Verify(key, SettlementStatements.Type, out var error))
        {
            return SettlementVerification.Fail(null, null, "the statement: " + error, SettlementCheck.Signature);
        }

        var header = Header.Read(statement.Body.Span);
        var agreement = header.Agreement;
        var periodText = header.Period;
        if (!SettlementPeriod.TryParse(periodText, out var period))
        {
            return SettlementVerification.Fail(agreement, periodText, $"the statement's period '{periodText}' is not yyyy-MM", SettlementCheck.Signature);
        }

        SettlementVerification Fail(string failure) => SettlementVerification.Fail(agreement, periodText, failure, SettlementCheck.Signature);
        if (header.LogTo is not { } logTo || logTo < 0)
        {
            return Fail("the statement's 'log.to' is missing or not a non-negative integer");
        }

        if (header.Shares is not { } shareTexts || !ShareSchedule.TryParse(shareTexts, out var shares, out _))
        {
            return Fail("the statement's 'shareSchedule' is not a share schedule");
        }

        if (header.AgreementStatement is not { } agreementJson || header.Policy is not { } policy)
        {
            return Fail("the statement lacks 'agreementStatement' or 'policy'");
        }

        SignedStatement agreementStatement;
        try
        {
            agreementStatement = SignedStatement.Parse(agreementJson);
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

        if (!header.HasRuns)
        {
            return Fail("the statement's 'runs' is missing");
        }

        claim = new Claim(period, logTo, shares!, pricing, SettlementStatements.DigestOf(statement.Bytes.Span), statement.Type, statement.Signer, statement.Suite,
            statement.Signature.ToArray(), 0);
        return null;
    }

    private sealed record Source(string Name, Func<byte[]> Read);

    /// <summary>What a statement says before its runs are compared; the runs themselves are skipped.</summary>
    private sealed record Claim(
        SettlementPeriod Period, long LogTo, ShareSchedule Shares, AgreementPricing Pricing, string Digest, string Type, string Signer, string Suite, byte[] Signature, int Position);

    /// <summary>The body's members read without building a tree (the runs are skipped): a statement may list a million runs.</summary>
    private sealed record Header(string? Agreement, string? Period, string? Policy, long? LogTo, IReadOnlyList<string>? Shares, byte[]? AgreementStatement, bool HasRuns)
    {
        public static Header Read(ReadOnlySpan<byte> body)
        {
            var reader = new Utf8JsonReader(body);
            string? agreement = null, period = null, policy = null;
            long? logTo = null;
            List<string>? shares = null;
            byte[]? agreementStatement = null;
            var hasRuns = false;
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "agreement" or "period" or "policy" when reader.TokenType == JsonTokenType.String:
                        var text = reader.GetString();
                        (agreement, period, policy) = name == "agreement" ? (text, period, policy) : name == "period" ? (agreement, text, policy) : (agreement, period, text);
                        break;
                    case "agreementStatement" when reader.TokenType == JsonTokenType.StartObject:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        agreementStatement = body[start..(int)reader.BytesConsumed].ToArray();
                        break;
                    case "log" when reader.TokenType == JsonTokenType.StartObject:
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var isTo = reader.ValueTextEquals("to"u8);
                            reader.Read();
                            if (isTo && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var to))
                            {
                                logTo = to;
                            }

                            reader.Skip();
                        }

                        break;
                    case "shareSchedule" when reader.TokenType == JsonTokenType.StartArray:
                        shares = [];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            shares.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : "");
                            reader.Skip();
                        }

                        break;
                    case "runs":
                        hasRuns = reader.TokenType == JsonTokenType.StartArray;
                        reader.Skip();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return new Header(agreement, period, policy, logTo, shares, agreementStatement, hasRuns);
        }
    }
}
