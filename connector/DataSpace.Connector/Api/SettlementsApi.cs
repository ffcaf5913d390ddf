using System.Security.Claims;
using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Settlement;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>The body of <c>POST /api/v1/settlements</c>: the period to close, <c>yyyy-MM</c> (UTC+8).</summary>
public sealed record SettlementCloseRequest(string? Period);

/// <summary>One agreement's settlement of a period, without the statement.</summary>
public sealed record SettlementSummary(
    string Period, string Agreement, string? Dataset, string? Operator, long Runs, long ChargedFen, long SupplierFen, long OperatorFen,
    string Digest, long LogIndex, DateTimeOffset ClosedAt)
{
    internal static SettlementSummary Of(ClosedSettlement s) =>
        new(s.Period, s.AgreementId, s.DatasetId, s.OperatorId, s.RunCount, s.ChargedFen, s.SupplierFen, s.OperatorFen, s.Digest, s.LogIndex, s.ClosedAt);
}

/// <summary>A closed period's statements.</summary>
public sealed record SettlementCloseResponse(string Period, IReadOnlyList<SettlementSummary> Statements);

/// <summary>A stored statement: the summary and the signed statement.</summary>
public sealed record SettlementView(SettlementSummary Summary, JsonNode? Statement);

/// <summary>What closing a period would state for one agreement now: the unsigned statement body, nothing logged.</summary>
public sealed record SettlementPreview(string Period, string Agreement, long Runs, string ExactFen, long ChargedFen, long CumulativeBeforeFen, long SupplierFen, long OperatorFen, JsonObject Body);

/// <summary>
/// Settlement (docs/metering.md, "Settlement statement"): the supplier closes a period once it has ended; the supplier,
/// auditors and each agreement's operator read the statements; a preview shows an open period without logging.
/// </summary>
internal static class SettlementsApi
{
    public static IEndpointRouteBuilder MapSettlementsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/settlements").WithTags("Settlements");
        api.MapPost("", Close).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Close an ended period (supplier only): a signed, logged statement per priced agreement with runs in it.");
        api.MapGet("", List).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("Closed statements, of one period or all: all for the supplier and auditors, an operator's own for an operator.");
        api.MapGet("/preview", Preview).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("What closing a period would state now, unsigned and not logged (also for a period not yet ended).");
        api.MapGet("/{period}/{agreementId}", Get).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("One agreement's signed statement of a period.");
        return endpoints;
    }

    private static async Task<Results<Created<SettlementCloseResponse>, ProblemHttpResult>> Close(
        SettlementCloseRequest request, ClaimsPrincipal user, IConnectorStore store, ITransparencyLog log, AuditTrail audit, SigningKey key,
        TimeProvider time, IOptions<ConnectorOptions> options, CancellationToken cancellationToken)
    {
        if (!SettlementPeriod.TryParse(request.Period, out var period))
        {
            return Problem(400, $"period '{request.Period}' is not a month written yyyy-MM, e.g. 2026-11");
        }

        var now = time.GetUtcNow();
        if (now < period.ClosableFrom)
        {
            return Problem(409, $"period {period} is not over: it ends at {period.End:O}; close it from {period.ClosableFrom:O}");
        }

        var (priced, unpriceable) = await PricedAsync(store, cancellationToken);
        if (priced is null)
        {
            return Problem(422, $"the period cannot be settled: {unpriceable}");
        }

        var drafts = SettlementClosing.Drafts(log, period, priced, options.Value.Settlement.Schedule());
        var stored = await store.ListSettlementsAsync(period.ToString(), cancellationToken);
        var open = drafts.Where(d => !d.AlreadyClosed && !stored.Any(s => s.AgreementId == d.Agreement.AgreementId)).ToList();
        if (open.Count == 0 && (stored.Count > 0 || drafts.Count > 0))
        {
            return Problem(409, $"period {period} is already closed ({stored.Count} statement(s)); a closed period cannot change");
        }

        if (open.FirstOrDefault(d => d.UnclosedEarlier.Count > 0) is { } blocked)
        {
            return Problem(409, $"agreement '{blocked.Agreement.AgreementId}' has billable runs in {string.Join(", ", blocked.UnclosedEarlier)}: close those periods first, since their revenue decides this period's shares");
        }

        var closed = new List<SettlementSummary>();
        await foreach (var (draft, statement) in SettlementClosing.SignAsync(open, key, cancellationToken))
        {
            ClosedSettlement? record;
            try
            {
                record = await SettlementClosing.CloseAsync(draft, statement, PartyClaims.PartyOf(user), store, audit, time, cancellationToken);
            }
            catch (StoreConflictException)
            {
                return Problem(409, $"period {period} of agreement '{draft.Agreement.AgreementId}' is already closed; a closed period cannot change");
            }

            if (record is null)
            {
                return CatalogApi.Busy("settlement", $"{period}/{draft.Agreement.AgreementId}");
            }

            closed.Add(SettlementSummary.Of(record with { DatasetId = null, OperatorId = null }));
        }

        return TypedResults.Created($"/api/v1/settlements?period={period}", new SettlementCloseResponse(period.ToString(), closed));
    }

    private static async Task<Results<Ok<IReadOnlyList<SettlementSummary>>, ProblemHttpResult>> List(
        ClaimsPrincipal user, IConnectorStore store, string? period, CancellationToken cancellationToken)
    {
        if (period is not null && !SettlementPeriod.TryParse(period, out _))
        {
            return Problem(400, $"period '{period}' is not a month written yyyy-MM, e.g. 2026-11");
        }

        var all = await store.ListSettlementsAsync(period, cancellationToken);
        var party = PartyClaims.PartyOf(user);
        IReadOnlyList<SettlementSummary> visible = [.. all.Where(s => SeesAll(user) || s.OperatorId == party).Select(SettlementSummary.Of)];
        return TypedResults.Ok(visible);
    }

    private static async Task<Results<Ok<SettlementView>, ProblemHttpResult>> Get(
        string period, string agreementId, ClaimsPrincipal user, IConnectorStore store, CancellationToken cancellationToken)
    {
        if (!SettlementPeriod.TryParse(period, out _))
        {
            return Problem(400, $"period '{period}' is not a month written yyyy-MM, e.g. 2026-11");
        }

        var found = await store.GetSettlementAsync(period, agreementId, cancellationToken);
        if (found is null || (!SeesAll(user) && found.OperatorId != PartyClaims.PartyOf(user)))
        {
            return Problem(404, $"no settlement of agreement '{agreementId}' for {period}");
        }

        return TypedResults.Ok(new SettlementView(SettlementSummary.Of(found), JsonNode.Parse(found.StatementJson!)));
    }

    private static async Task<Results<Ok<IReadOnlyList<SettlementPreview>>, ProblemHttpResult>> Preview(
        string? period, IConnectorStore store, ITransparencyLog log, IOptions<ConnectorOptions> options, CancellationToken cancellationToken)
    {
        if (!SettlementPeriod.TryParse(period, out var parsed))
        {
            return Problem(400, $"period '{period}' is not a month written yyyy-MM, e.g. 2026-11");
        }

        var (priced, unpriceable) = await PricedAsync(store, cancellationToken);
        if (priced is null)
        {
            return Problem(422, $"the period cannot be settled: {unpriceable}");
        }

        var drafts = SettlementClosing.Drafts(log, parsed, priced, options.Value.Settlement.Schedule());
        IReadOnlyList<SettlementPreview> previews = [.. drafts.Select(d => new SettlementPreview(
            d.Period.ToString(), d.Agreement.AgreementId, d.Runs.Count, SettlementBody.Exact(d.ExactFen), d.Charged.Value, d.CumulativeBefore.Value,
            d.Split.Supplier.Value, d.Split.Operator.Value, SettlementBody.From(d)))];
        return TypedResults.Ok(previews);
    }

    private static bool SeesAll(ClaimsPrincipal user) =>
        user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor));
    /// <summary>
    /// The priced agreements, or null with the reason when one's stored price no longer reads: the period is then not
    /// settled at all (fail closed), rather than settled without that agreement.
    /// </summary>
    private static async Task<(IReadOnlyList<AgreementPricing>? Agreements, string? Error)> PricedAsync(IConnectorStore store, CancellationToken cancellationToken)
    {
        try
        {
            return (await SettlementClosing.PricedAgreementsAsync(store, cancellationToken), null);
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
    }
}
