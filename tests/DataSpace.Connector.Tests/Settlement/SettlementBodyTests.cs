using System.Globalization;
using System.Text.Json.Nodes;
using DataSpace.Connector.Settlement;
using DataSpace.Crypto.Json;
using DataSpace.Crypto.Statements;

namespace DataSpace.Connector.Tests.Settlement;

/// <summary>
/// The statement body written straight to canonical UTF-8 (issue 15, item 6) is byte for byte what the earlier
/// <c>JsonObject</c> tree gave once canonicalised (<see cref="Reference"/> keeps that tree here), so statements
/// closed before and after the change verify alike, and the signature over it is the one the tree path signs.
/// </summary>
public sealed class SettlementBodyTests : IAsyncLifetime
{
    private SettlementLogBuilder _log = null!;

    public async Task InitializeAsync()
    {
        _log = SettlementLogBuilder.Create();
        await _log.AgreeAsync("agr-1", SettlementLogBuilder.At("2026-10-20T09:00:00+08:00"));
        await _log.AgreeAsync("agr-2\u00e9", SettlementLogBuilder.At("2026-10-21T09:00:00+08:00"));
        await _log.RunAsync("agr-1", "job-1", SettlementLogBuilder.At("2026-11-02T09:00:00+08:00"), 12_345);
        await _log.RunAsync("agr-1", "job-2", SettlementLogBuilder.At("2026-11-09T09:00:00.1234567+08:00"), 1_987_655);
        await _log.RunAsync("agr-1", "job-3", SettlementLogBuilder.At("2026-11-20T09:00:00+08:00"), 5_000_000, billable: false, action: "job.fail");
        await _log.RunAsync("agr-2\u00e9", "job-\\4", SettlementLogBuilder.At("2026-11-30T23:59:59+08:00"), 100);
        await _log.RunAsync("agr-2\u00e9", "job-5", SettlementLogBuilder.At("2026-11-30T23:59:59.9999999+08:00"), 9_999_999);
    }

    public async Task DisposeAsync() => await _log.DisposeAsync();

    [Fact]
    public void Canonical_IsTheCanonicalisedTreeByteForByte()
    {
        var drafts = _log.Drafts("2026-11");

        Assert.Equal(2, drafts.Count);
        Assert.Contains(drafts, d => d.Runs.Any(r => r.TiersEntered.Count > 0));
        foreach (var draft in drafts)
        {
            Assert.Equal(CanonicalJson.Serialize(Reference(draft)), SettlementBody.Canonical(draft));
        }
    }

    [Fact]
    public void Canonical_OfAPeriodWithoutRuns_IsTheCanonicalisedTree()
    {
        var drafts = _log.Drafts("2026-12");
        var empty = _log.Drafts("2026-11")[0] with { Runs = [], AgreementEntry = null, AgreementEntryDigest = null };

        Assert.Empty(drafts);
        Assert.Equal(CanonicalJson.Serialize(Reference(empty)), SettlementBody.Canonical(empty));
    }

    [Fact]
    public void Sign_OfTheBytes_IsTheStatementTheTreePathSigns()
    {
        foreach (var draft in _log.Drafts("2026-11"))
        {
            var signed = SettlementStatements.Sign(SettlementBody.Canonical(draft), _log.Key);
            var parsed = SettlementStatements.Parse(signed);

            Assert.Equal(SettlementStatements.Create(Reference(draft), _log.Key).ToCanonicalJson(), signed);
            Assert.True(parsed.Verify(_log.Key.PublicKey, SettlementStatements.Type, out var error), error);
            var read = SettlementStatements.Read(signed);
            Assert.True(read.Verify(_log.Key.PublicKey, SettlementStatements.Type, out error), error);
            Assert.Equal(SettlementStatements.DigestOf(signed), CanonicalStatement.Sha256Of(read.Type, read.Body.Span, read.Signer, read.Suite, read.Signature.Span));
        }
    }

    [Fact]
    public void MeterWriteTo_IsToJsonByteForByte()
    {
        MeterRecord[] meters =
        [
            new() { Outcome = MeterOutcome.Released, Billable = true, RowsRead = 12_345, ColumnsRead = 3, CpuSeconds = 2, Epsilon = 0.25m, Delta = 0.000001m },
            new() { Outcome = MeterOutcome.Failed, Billable = false, Epsilon = 1.50m },
            new()
            {
                Outcome = MeterOutcome.Held, Billable = true, RowsRead = long.MaxValue,
                Usage = new MeterUsage { BytesFed = 1, CpuMs = 2, Fuel = 3, GroupsReleased = 4, GroupsSuppressed = 5, ModelTrainings = 6, OutputBytes = 7, RowsPulled = 8, WallMs = 9 },
            },
        ];
        foreach (var meter in meters)
        {
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            meter.WriteTo(new CanonicalJsonWriter(output));

            Assert.Equal(meter.ToJson(), System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    /// <summary>The body as the connector built it before issue 15, item 6: a <c>JsonObject</c> tree, canonicalised when signed.</summary>
    private static JsonObject Reference(SettlementDraft draft)
    {
        var runs = new JsonArray();
        var crossed = new JsonArray();
        foreach (var run in draft.Runs)
        {
            runs.Add(new JsonObject
            {
                ["index"] = run.LogIndex,
                ["job"] = run.JobId,
                ["at"] = run.At.ToString("O", CultureInfo.InvariantCulture),
                ["billable"] = run.Meter.Billable,
                ["meter"] = run.Meter.ToJson(),
                ["exactFen"] = SettlementBody.Exact(run.Charge.TotalFen),
                ["lines"] = new JsonArray([.. run.Charge.Lines.Select(l => (JsonNode)SettlementBody.Line(l))]),
            });
            foreach (var tier in run.TiersEntered)
            {
                crossed.Add(new JsonObject { ["index"] = run.LogIndex, ["component"] = tier.Component, ["basis"] = tier.Basis.ToString(), ["boundary"] = tier.Boundary });
            }
        }

        return new JsonObject
        {
            ["period"] = draft.Period.ToString(),
            ["agreement"] = draft.Agreement.AgreementId,
            ["agreementStatement"] = JsonNode.Parse(draft.Agreement.Statement.ToCanonicalJson()),
            ["policy"] = draft.Agreement.PolicyJson,
            ["log"] = new JsonObject { ["to"] = draft.LogTo, ["agreementEntry"] = draft.AgreementEntry },
            ["runs"] = runs,
            ["tiersCrossed"] = crossed,
            ["exactFen"] = SettlementBody.Exact(draft.ExactFen),
            ["chargedFen"] = draft.Charged.Value,
            ["cumulativeBeforeFen"] = draft.CumulativeBefore.Value,
            ["shareSchedule"] = new JsonArray([.. draft.Shares.ToStrings().Select(s => (JsonNode)s)]),
            ["shares"] = new JsonObject
            {
                ["supplierFen"] = draft.Split.Supplier.Value,
                ["operatorFen"] = draft.Split.Operator.Value,
                ["brackets"] = new JsonArray([.. draft.Split.Lines.Select(l => (JsonNode)new JsonObject
                {
                    ["fromFen"] = l.From.Value,
                    ["toFen"] = l.To?.Value,
                    ["supplierBasisPoints"] = l.SupplierBasisPoints,
                    ["amountFen"] = l.Amount.Value,
                    ["supplierFen"] = l.Supplier.Value,
                    ["operatorFen"] = l.Operator.Value,
                })]),
            },
        };
    }
}
