using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Statements;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole.Operator;

/// <summary>
/// What the operator's forms post to (docs/console.md, "Pages"): each action checks the form, makes one signed call to
/// the connector and redirects (post, redirect, get): to the result, or back to the form with the connector's refusal
/// and the draft. Every action binds a form field, so ASP.NET Core checks its anti-forgery token before the handler runs.
/// </summary>
internal static class OperatorActions
{
    /// <summary>The statement type of an agreement request (the connector's <c>AgreementsApi.RequestType</c>; <c>dsc agreement request</c>).</summary>
    public const string AgreementRequestType = "dataspace/agreement-request/v1";

    public static void Map(WebApplication app)
    {
        app.MapPost("/actions/agreements/request", RequestAgreement);
        app.MapPost("/actions/jobs", SubmitJob);
        ModuleJobActions.Map(app);
    }

    /// <summary>
    /// Signs the <c>dataspace/agreement-request/v1</c> statement with the party's key here, in the console (as
    /// <c>dsc agreement request</c> does), and posts it; the end of validity is read as the CLI reads <c>--valid-until</c>
    /// (ISO 8601, UTC unless an offset is given: a date alone is its midnight UTC).
    /// </summary>
    private static async Task<IResult> RequestAgreement(
        [FromForm] string? id, [FromForm] string? offer, [FromForm] string? purpose, [FromForm] string? validUntil, ConsoleConnector connector,
        Drafts<AgreementRequestDraft> drafts, CancellationToken cancellationToken)
    {
        var draft = new AgreementRequestDraft(id?.Trim() ?? "", offer?.Trim() ?? "", purpose?.Trim() ?? "", validUntil?.Trim() ?? "");
        if (!DateTimeOffset.TryParse(draft.ValidUntil, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until))
        {
            return Refused("/agreements/request", drafts.Keep(draft), $"validUntil: '{draft.ValidUntil}' is not a date (ISO 8601, e.g. 2026-12-31)");
        }

        var statement = SignedStatement.Sign(AgreementRequestType, new JsonObject
        {
            ["agreement"] = draft.Id,
            ["offer"] = draft.Offer,
            ["purpose"] = draft.Purpose,
            ["validUntil"] = until.ToString("O", CultureInfo.InvariantCulture),
        }, connector.Key);
        var answer = await connector.PostAsync("/api/v1/agreements", new { statement = JsonNode.Parse(statement.ToString()) }, cancellationToken);
        return answer.Ok
            ? Results.Redirect($"/agreements/request?done=concluded&item={Uri.EscapeDataString(draft.Id)}")
            : Refused("/agreements/request", drafts.Keep(draft), Problem(answer));
    }

    /// <summary>
    /// Posts <c>{manifest, plan}</c> as <c>dsc job submit --plan</c> does; a plan that is not a JSON object is answered here
    /// with the parser's line and byte. A submitted job opens on its own page, which follows its state.
    /// </summary>
    private static async Task<IResult> SubmitJob(
        [FromForm] string? agreement, [FromForm] string? dataset, [FromForm] string? recipient, [FromForm] string? epsilon, [FromForm] string? plan,
        ConsoleConnector connector, Drafts<JobDraft> drafts, CancellationToken cancellationToken)
    {
        var draft = new JobDraft(agreement?.Trim() ?? "", dataset?.Trim() ?? "", recipient?.Trim() ?? "", epsilon?.Trim() ?? "", plan ?? "");
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(draft.Plan);
        }
        catch (JsonException e)
        {
            return Refused("/jobs/new", drafts.Keep(draft), "plan: " + e.Message);
        }

        if (parsed is not JsonObject)
        {
            return Refused("/jobs/new", drafts.Keep(draft), "plan: $: an analysis plan is a JSON object");
        }

        var manifest = new JsonObject { ["agreement"] = draft.Agreement, ["dataset"] = draft.Dataset, ["recipient"] = draft.Recipient };
        if (draft.Epsilon.Length > 0)
        {
            if (!double.TryParse(draft.Epsilon, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                return Refused("/jobs/new", drafts.Keep(draft), $"epsilon: '{draft.Epsilon}' is not a number");
            }

            manifest["epsilon"] = value;
        }

        var answer = await connector.PostAsync("/api/v1/jobs", new { manifest, plan = parsed }, cancellationToken);
        if (!answer.Ok)
        {
            return Refused("/jobs/new", drafts.Keep(draft), Problem(answer));
        }

        var job = answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("id", out var id) ? id.GetString() : null;
        return job is { Length: > 0 } ? Results.Redirect($"/jobs/{Uri.EscapeDataString(job)}?done=submitted") : Results.Redirect("/jobs");
    }

    private static string Problem(ConnectorAnswer answer) => answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture);

    private static IResult Refused(string page, string draft, string error) =>
        Results.Redirect($"{page}?error={Uri.EscapeDataString(error)}&draft={draft}");
}
