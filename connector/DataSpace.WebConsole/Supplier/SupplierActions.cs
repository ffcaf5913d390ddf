using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// What the supplier's forms post to (docs/console.md, "Pages"): each action validates the form, makes one signed call to
/// the connector and redirects back to its page with what happened (post, redirect, get). Every action binds a form
/// field, so ASP.NET Core checks its anti-forgery token before the handler runs; a post without it changes nothing.
/// </summary>
internal static class SupplierActions
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/actions/parties", AddParty);
        app.MapPost("/actions/agreements/{agreementId}/revoke", Revoke);
        app.MapPost("/actions/reviews/{jobId}", Review);
        app.MapPost("/actions/offers", CreateOffer);
        PartyActions.Map(app);
        DatasetActions.Map(app);
    }

    private static async Task<IResult> AddParty(
        [FromForm] string? id, [FromForm] string? name, [FromForm] string? role, [FromForm] string? publicKey, ConsoleConnector connector,
        CancellationToken cancellationToken)
    {
        var answer = await connector.PostAsync("/api/v1/parties",
            new { id = id?.Trim() ?? "", name = name?.Trim() ?? "", role = role ?? "", publicKeys = new[] { publicKey?.Trim() ?? "" } }, cancellationToken);
        return Back("/parties", answer, "added", id ?? "");
    }

    private static async Task<IResult> Revoke(string agreementId, [FromForm] string? confirm, ConsoleConnector connector, CancellationToken cancellationToken)
    {
        var answer = await connector.PostAsync($"/api/v1/agreements/{Uri.EscapeDataString(agreementId)}/revoke", null, cancellationToken);
        return Back("/agreements", answer, "revoked", agreementId);
    }

    /// <summary>Release only on the release button; anything else the form could send refuses nothing and releases nothing.</summary>
    private static async Task<IResult> Review(
        string jobId, [FromForm] string? decision, [FromForm] string? reason, ConsoleConnector connector, CancellationToken cancellationToken)
    {
        if (decision is not ("release" or "refuse"))
        {
            return Results.BadRequest();
        }

        var release = decision == "release";
        var answer = await connector.PostAsync($"/api/v1/jobs/{Uri.EscapeDataString(jobId)}/review",
            new { release, reason = release ? null : reason?.Trim() }, cancellationToken);
        return Back("/reviews", answer, release ? "released" : "refused", jobId);
    }

    /// <summary>
    /// The policy goes to the connector as the supplier wrote it; text that is not a JSON object is answered here with the
    /// parser's path and line. A refused offer comes back to the editor as a draft, with the connector's error.
    /// </summary>
    private static async Task<IResult> CreateOffer(
        [FromForm] string? id, [FromForm] string? dataset, [FromForm] string? policy, ConsoleConnector connector, Operator.Drafts<OfferDraft> drafts,
        CancellationToken cancellationToken)
    {
        var draft = new OfferDraft(id?.Trim() ?? "", dataset?.Trim() ?? "", policy ?? "");
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(draft.Policy);
        }
        catch (JsonException e)
        {
            return Refused(drafts, draft, "policy: " + e.Message);
        }

        if (parsed is not JsonObject)
        {
            return Refused(drafts, draft, "policy: $: an ODRL policy is a JSON object");
        }

        var answer = await connector.PostAsync("/api/v1/offers", new { id = draft.Id, dataset = draft.Dataset, policy = parsed }, cancellationToken);
        return answer.Ok
            ? Results.Redirect($"/offers?done=created&item={Uri.EscapeDataString(draft.Id)}")
            : Refused(drafts, draft, answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture));
    }

    private static IResult Refused(Operator.Drafts<OfferDraft> drafts, OfferDraft draft, string error) =>
        Results.Redirect($"/offers?error={Uri.EscapeDataString(error)}&draft={drafts.Keep(draft)}");

    /// <summary>Back to <paramref name="page"/> with what was done to <paramref name="item"/>, or the connector's problem (never a data value).</summary>
    private static IResult Back(string page, ConnectorAnswer answer, string done, string item) =>
        Results.Redirect(answer.Ok
            ? $"{page}?done={done}&item={Uri.EscapeDataString(item)}"
            : $"{page}?error={Uri.EscapeDataString(answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture))}");
}
