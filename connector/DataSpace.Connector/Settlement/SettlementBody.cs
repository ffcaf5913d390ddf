using System.Globalization;
using System.Text.Json.Nodes;
using DataSpace.Policy.Pricing;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// The body of a settlement statement (docs/metering.md, "Settlement statement"): amounts in integer fen, exact
/// amounts as decimal strings of fen, times as the log wrote them. Built from a <see cref="SettlementDraft"/> only,
/// so the connector and the verifier write the same bytes for the same log.
/// </summary>
public static class SettlementBody
{
    public static JsonObject From(SettlementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
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
                ["exactFen"] = Exact(run.Charge.TotalFen),
                ["lines"] = new JsonArray([.. run.Charge.Lines.Select(l => (JsonNode)Line(l))]),
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
            ["exactFen"] = Exact(draft.ExactFen),
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
    public static string Exact(decimal value) => (value / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
