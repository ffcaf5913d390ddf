using System.Buffers;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using DataSpace.Crypto.Json;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// The body of a settlement statement (docs/metering.md, "Settlement statement"): amounts in integer fen, exact
/// amounts as decimal strings of fen, times as the log wrote them. Built from a <see cref="SettlementDraft"/> only,
/// so the connector and the verifier write the same bytes for the same log.
/// </summary>
public static class SettlementBody
{
    /// <summary>The body as a JSON object: <see cref="Canonical"/> parsed (for a preview; a statement is signed from the bytes).</summary>
    public static JsonObject From(SettlementDraft draft) => (JsonObject)JsonNode.Parse(Canonical(draft))!;

    /// <summary>
    /// The body's canonical JSON (RFC 8785), written straight to UTF-8 in canonical member order: what the connector
    /// signs and the verifier compares byte for byte. A month of a million runs is about 400 MB of it, so no tree is built.
    /// </summary>
    public static byte[] Canonical(SettlementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var output = new ArrayBufferWriter<byte>(8192 + (draft.Runs.Count * 448));
        var writer = new CanonicalJsonWriter(output);
        var scratch = new byte[1024];
        var meter = new ArrayBufferWriter<byte>(256);
        writer.StartObject();
        writer.Name("agreement");
        writer.String(draft.Agreement.AgreementId);
        writer.Name("agreementStatement");
        writer.Canonical(draft.Agreement.Statement.ToCanonicalJson());
        writer.Name("chargedFen");
        writer.Number(draft.Charged.Value);
        writer.Name("cumulativeBeforeFen");
        writer.Number(draft.CumulativeBefore.Value);
        writer.Name("exactFen");
        WriteExact(writer, draft.ExactFen, scratch);
        writer.Name("log");
        writer.StartObject();
        writer.Name("agreementEntry");
        if (draft.AgreementEntry is { } entry)
        {
            writer.Number(entry);
        }
        else
        {
            writer.Null();
        }

        writer.Name("to");
        writer.Number(draft.LogTo);
        writer.EndObject();
        writer.Name("period");
        writer.String(draft.Period.ToString());
        writer.Name("policy");
        writer.String(draft.Agreement.PolicyJson);
        writer.Name("runs");
        writer.StartArray();
        foreach (var run in draft.Runs)
        {
            WriteRun(writer, run, scratch, meter);
        }

        writer.EndArray();
        writer.Name("shareSchedule");
        writer.StartArray();
        foreach (var share in draft.Shares.ToStrings())
        {
            writer.String(share);
        }

        writer.EndArray();
        writer.Name("shares");
        WriteShares(writer, draft.Split);
        writer.Name("tiersCrossed");
        writer.StartArray();
        foreach (var run in draft.Runs)
        {
            foreach (var tier in run.TiersEntered)
            {
                writer.StartObject();
                writer.Name("basis");
                writer.String(tier.Basis.ToString());
                writer.Name("boundary");
                writer.Number(tier.Boundary);
                writer.Name("component");
                writer.String(tier.Component);
                writer.Name("index");
                writer.Number(run.LogIndex);
                writer.EndObject();
            }
        }

        writer.EndArray();
        writer.EndObject();
        return output.WrittenSpan.ToArray();
    }

    private static void WriteRun(CanonicalJsonWriter writer, SettledRun run, byte[] scratch, ArrayBufferWriter<byte> meter)
    {
        writer.StartObject();
        writer.Name("at");
        if (run.At.TryFormat(scratch, out var written, "O", CultureInfo.InvariantCulture))
        {
            writer.Utf8String(scratch.AsSpan(0, written));
        }
        else
        {
            writer.String(run.At.ToString("O", CultureInfo.InvariantCulture));
        }

        writer.Name("billable");
        writer.Boolean(run.Meter.Billable);
        writer.Name("exactFen");
        WriteExact(writer, run.Charge.TotalFen, scratch);
        writer.Name("index");
        writer.Number(run.LogIndex);
        writer.Name("job");
        writer.String(run.JobId);
        writer.Name("lines");
        writer.StartArray();
        foreach (var line in run.Charge.Lines)
        {
            if (Utf8.TryWrite(scratch, CultureInfo.InvariantCulture,
                $"{line.Component} {line.Basis} {line.Quantity} in [{line.TierFrom},{line.TierTo}) at {Normal(line.Rate)} CNY = {Normal(line.AmountFen)} fen", out written))
            {
                writer.Utf8String(scratch.AsSpan(0, written));
            }
            else
            {
                writer.String(Line(line));
            }
        }

        writer.EndArray();
        writer.Name("meter");
        meter.ResetWrittenCount();
        run.Meter.WriteTo(new CanonicalJsonWriter(meter));
        writer.Utf8String(meter.WrittenSpan);
        writer.EndObject();
    }

    private static void WriteShares(CanonicalJsonWriter writer, RevenueSplit split)
    {
        writer.StartObject();
        writer.Name("brackets");
        writer.StartArray();
        foreach (var line in split.Lines)
        {
            writer.StartObject();
            writer.Name("amountFen");
            writer.Number(line.Amount.Value);
            writer.Name("fromFen");
            writer.Number(line.From.Value);
            writer.Name("operatorFen");
            writer.Number(line.Operator.Value);
            writer.Name("supplierBasisPoints");
            writer.Number(line.SupplierBasisPoints);
            writer.Name("supplierFen");
            writer.Number(line.Supplier.Value);
            writer.Name("toFen");
            if (line.To is { } to)
            {
                writer.Number(to.Value);
            }
            else
            {
                writer.Null();
            }

            writer.EndObject();
        }

        writer.EndArray();
        writer.Name("operatorFen");
        writer.Number(split.Operator.Value);
        writer.Name("supplierFen");
        writer.Number(split.Supplier.Value);
        writer.EndObject();
    }

    private static void WriteExact(CanonicalJsonWriter writer, decimal value, byte[] scratch)
    {
        if (Normal(value).TryFormat(scratch, out var written, default, CultureInfo.InvariantCulture))
        {
            writer.Utf8String(scratch.AsSpan(0, written));
        }
        else
        {
            writer.String(Exact(value));
        }
    }

    /// <summary>The log details of the close entry of <paramref name="draft"/>'s statement.</summary>
    public static Dictionary<string, string> CloseDetails(SettlementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new Dictionary<string, string>
        {
            ["agreement"] = draft.Agreement.AgreementId,
            ["period"] = draft.Period.ToString(),
            ["runs"] = draft.Runs.Count.ToString(CultureInfo.InvariantCulture),
            ["chargedFen"] = draft.Charged.Value.ToString(CultureInfo.InvariantCulture),
            ["supplierFen"] = draft.Split.Supplier.Value.ToString(CultureInfo.InvariantCulture),
            ["operatorFen"] = draft.Split.Operator.Value.ToString(CultureInfo.InvariantCulture),
            ["shares"] = string.Join(",", draft.Shares.ToStrings()),
            ["logTo"] = draft.LogTo.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// A charge line as text: <c>COMPONENT BASIS QUANTITY in [FROM,TO) at RATE CNY = EXACT fen</c>, e.g.
    /// <c>permission[0].duty[1] PerTenThousandRows 987655 in [0,1000000) at 1 CNY = 9876.55 fen</c> (TO empty: no upper bound).
    /// </summary>
    public static string Line(ChargeLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return string.Create(CultureInfo.InvariantCulture,
            $"{line.Component} {line.Basis} {line.Quantity} in [{line.TierFrom},{line.TierTo}) at {Exact(line.Rate)} CNY = {Exact(line.AmountFen)} fen");
    }

    /// <summary>An exact amount as its shortest invariant decimal text, e.g. <c>2123.45</c>.</summary>
    public static string Exact(decimal value) => Normal(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>The value with no trailing zeros in its scale (2123.4500 becomes 2123.45).</summary>
    private static decimal Normal(decimal value) => value / 1.0000000000000000000000000000m;
}
