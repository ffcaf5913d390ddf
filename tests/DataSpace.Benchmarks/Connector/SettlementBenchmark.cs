using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DataSpace.Connector;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using DataSpace.Policy.Pricing;

namespace DataSpace.Benchmarks.Connector;

/// <summary>
/// Settlement at scale (issue 15, item 6; docs/benchmarks.md, "Settlement"): a real signed log holding 1,000,000
/// metered run-ending entries (by default) of one month under 1,000 priced agreements, closed into 1,000 signed
/// statements by the connector's own code (<c>SettlementClosing.Drafts</c>: two passes over the log, every run priced
/// with tiers) and verified offline from the export (<c>SettlementVerifier</c>: the export's chain and root, then the
/// same recomputation). The HTTP request, the store's 1,000 inserts and their 1,000 logged operations are not timed.
/// </summary>
internal static class SettlementBenchmark
{
    private const string Origin = "bench.example/log";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var agreementCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        Console.WriteLine($"# settlement of {runs:N0} metered runs under {agreementCount:N0} agreements; {Machine.Describe()}");
        var directory = Machine.ScratchDirectory($"settle-{Guid.NewGuid():N}");
        try
        {
            using var key = SignatureSuites.Ed25519.GenerateKey();
            await using var log = TransparencyLog.Open(new LogOptions { Directory = Path.Combine(directory, "log"), Digest = key.Suite.Digest });
            var agreements = new List<AgreementPricing>();
            var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, PricingCalendar.Offset);
            for (var a = 0; a < agreementCount; a++)
            {
                agreements.Add(await AgreeAsync(log, key, $"agr-{a}", start.AddDays(-10)));
            }

            var stop = Stopwatch.StartNew();
            var remaining = (long)runs;
            var step = TimeSpan.FromTicks((29L * TimeSpan.TicksPerDay) / runs);
            await Task.WhenAll(Enumerable.Range(0, 256).Select(_ => Task.Run(async () =>
            {
                long i;
                while ((i = Interlocked.Decrement(ref remaining)) >= 0)
                {
                    await log.AppendAsync(Run($"agr-{i % agreementCount}", $"job-{i}", start + (step * (runs - i)), 5_000 + (i % 20_000)));
                }
            })));
            Console.WriteLine($"log of {log.Head.Size:N0} entries built in {stop.Elapsed.TotalSeconds:N1} s");
            var baseline = ResetPeak();

            var files = Path.Combine(directory, "statements");
            Directory.CreateDirectory(files);
            stop.Restart();
            var drafts = SettlementClosing.Drafts(log, new SettlementPeriod(2026, 11), agreements, ShareSchedule.Default);
            var recomputed = stop.Elapsed;
            var closes = new List<(Dictionary<string, string> Details, string Agreement, string Digest)>();
            long bytes = 0;
            var runCount = drafts.Sum(d => d.Runs.Count);
            var i = 0;
            await foreach (var (draft, statement) in SettlementClosing.SignAsync(drafts, key, CancellationToken.None))
            {
                // As the connector closes: statements built and signed a core's worth ahead, stored one at a time (the store is a file here, its write not timed).
                bytes += statement.Length;
                closes.Add((SettlementBody.CloseDetails(draft), draft.Agreement.AgreementId, SettlementStatements.DigestOf(statement)));
                stop.Stop();
                await File.WriteAllBytesAsync(Path.Combine(files, $"{i++}.json"), statement);
                stop.Start();
            }

            var signed = stop.Elapsed;
            var closePeak = LargeLog.PeakResidentMiB();
            var statementCount = drafts.Count;
            drafts = null;
            foreach (var (details, agreement, digest) in closes)
            {
                details["operation"] = Guid.NewGuid().ToString("N");
                await log.AppendAsync(Entry(start.AddMonths(1).AddMinutes(2), SettlementStatements.CloseAction, $"settlement/2026-11/{agreement}", details,
                    new Dictionary<string, string> { [SettlementStatements.StatementDigest] = digest }));
            }

            Console.WriteLine($"close: {statementCount:N0} statements of {runCount:N0} runs, {bytes / (1024.0 * 1024):N1} MiB signed; " +
                $"recomputed from the log in {recomputed.TotalSeconds:N2} s, signed and serialised by {signed.TotalSeconds:N2} s; peak RSS {closePeak:N0} MiB (from {baseline:N0} MiB)");
            await using var checkpointer = new Checkpointer(log, key, Origin, null, TimeSpan.FromHours(1), TimeProvider.System);
            var note = checkpointer.SignNow();
            var export = Path.Combine(directory, "export");
            LogExport.Write(log, note.Checkpoint, note.Note, export);
            GC.Collect();
            baseline = ResetPeak();

            if (Environment.GetEnvironmentVariable("DSC_SETTLE_PHASES") is not null)
            {
                var t = Stopwatch.StartNew();
                LeafLines.ReadLog(log, log.Head.Size, (_, _) => { });
                Console.WriteLine($"  read {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                LeafLines.ReadLog(log, log.Head.Size, (_, e) => RunEntryFields.Read(e.Span));
                Console.WriteLine($"  read+fields {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                LeafLines.ReadLog(log, log.Head.Size, (_, e) => { if (RunEntryFields.Read(e.Span).Meter is { } m) { MeterRecord.Parse(m); } });
                Console.WriteLine($"  read+fields+meter {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                LogExportVerifier.Verify(export, key.PublicKey, Origin);
                Console.WriteLine($"  export verify {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                var ledger = new SettlementLedger(new SettlementPeriod(2026, 11), agreements, ShareSchedule.Default, log.Head.Size);
                ledger.AddAll(onEntry => LeafLines.ReadLog(log, log.Head.Size, onEntry));
                Console.WriteLine($"  ledger: read and parse {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                ledger.Settle();
                Console.WriteLine($"  ledger: price {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                var again = ledger.Drafts();
                Console.WriteLine($"  ledger: drafts {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                var canonical = again.Sum(d => (long)SettlementBody.Canonical(d).Length);
                Console.WriteLine($"  canonical bodies {t.Elapsed.TotalSeconds:N2}");
                t.Restart();
                foreach (var file in Directory.GetFiles(files))
                {
                    var statement = SettlementStatements.Read(File.ReadAllBytes(file));
                    _ = statement.Verify(key.PublicKey, SettlementStatements.Type, out _);
                }

                Console.WriteLine($"  read and check statement signatures {t.Elapsed.TotalSeconds:N2}");
            }

            stop.Restart();
            var results = SettlementVerifier.VerifyFiles(Directory.GetFiles(files), export, key.PublicKey, Origin);
            var verified = stop.Elapsed;
            var failed = results.FirstOrDefault(r => !r.IsValid);
            Console.WriteLine($"verify offline: {results.Count:N0} statements against an export of {note.Checkpoint.Size:N0} entries in {verified.TotalSeconds:N2} s " +
                $"(reading the statements included); peak RSS {LargeLog.PeakResidentMiB():N0} MiB (from {baseline:N0} MiB); {(failed is null ? "all valid" : "FAILED: " + failed.Failure)}");
            return failed is null ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<AgreementPricing> AgreeAsync(ITransparencyLog log, SigningKey key, string id, DateTimeOffset at)
    {
        var policy = """
            {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}], "@type": "Agreement",
             "uid": "urn:agreement:ID", "assigner": "urn:party:supplier", "assignee": "urn:party:operator", "target": "tax",
             "permission": [{"action": "dsc:computeAggregate", "duty": [
              {"action": "compensate", "constraint": [
                {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "20.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
                {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]},
              {"action": "compensate", "constraint": [
                {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "1.00", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
                {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}},
                {"leftOperand": "dsc:cumulativeUsage", "operator": "lt", "rightOperand": 10000000}]},
              {"action": "compensate", "constraint": [
                {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "0.50", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
                {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perTenThousandRows"}},
                {"leftOperand": "dsc:cumulativeUsage", "operator": "gteq", "rightOperand": 10000000}]}]}]}
            """.Replace("ID", id, StringComparison.Ordinal);
        var statement = SignedStatement.Sign(AgreementPricing.AgreementType, new JsonObject
        {
            ["agreement"] = id,
            ["purpose"] = "statistics",
            ["policy"] = Sha256Digest.Of(policy),
        }, key);
        await log.AppendAsync(Entry(at, "agreement.create", "agreement/" + id, new Dictionary<string, string> { ["operation"] = Guid.NewGuid().ToString("N") },
            new Dictionary<string, string> { ["agreement"] = Sha256Digest.Of(statement.ToCanonicalJson()) }));
        return AgreementPricing.TryRead(statement, policy, key.PublicKey, out var error) ?? throw new InvalidOperationException(error);
    }

    private static LogEntry Run(string agreement, string job, DateTimeOffset at, long rows) => Entry(at, "result.release", "job/" + job, new Dictionary<string, string>
    {
        ["agreement"] = agreement,
        ["operation"] = Guid.NewGuid().ToString("N"),
        ["meter"] = new MeterRecord { Outcome = MeterOutcome.Released, Billable = true, RowsRead = rows, ColumnsRead = 3 }.ToJson(),
    });

    private static LogEntry Entry(DateTimeOffset at, string action, string resource, IReadOnlyDictionary<string, string> details, IReadOnlyDictionary<string, string>? digests = null) => new()
    {
        When = at.ToUniversalTime(),
        Actor = "urn:party:operator",
        Action = action,
        Resource = resource,
        Decision = "permit",
        Details = details,
        Digests = digests,
    };

    /// <summary>Resets the kernel's peak resident set to the current one (Linux <c>clear_refs</c>) and returns it, in MiB.</summary>
    private static double ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The peak then spans the whole process.
        }

        return LargeLog.PeakResidentMiB();
    }
}
