using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// Registering a dataset from the Datasets page (docs/console.md, "Datasets"): the form becomes the body
/// <c>dsc dataset add</c> sends, posted with <c>Prefer: respond-async</c> (docs/connector-service.md, "Registering with
/// progress"). A registration the connector starts is kept under the console's own id and the browser is sent to
/// <c>/datasets?registration={id}</c>, whose page follows it (<see cref="DatasetEvents"/>); one it refuses at once comes
/// back to the form as typed, with its detail. The bound fields make ASP.NET Core check the anti-forgery token first.
/// </summary>
internal static class DatasetActions
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/actions/datasets", Register);
        DatasetEvents.Map(app);
    }

    private static async Task<IResult> Register(
        [FromForm] string? id, [FromForm] string? name, [FromForm] string? location, [FromForm] string? classification, [FromForm] string? columns,
        [FromForm] string? entity, [FromForm] string? entityMaxRows, ConsoleConnector connector, DatasetRegistrationMap registrations,
        Operator.Drafts<DatasetDraft> drafts, CancellationToken cancellationToken)
    {
        var draft = new DatasetDraft(id?.Trim() ?? "", name?.Trim() ?? "", location?.Trim() ?? "", classification?.Trim() ?? "", columns ?? "",
            entity?.Trim() ?? "", entityMaxRows?.Trim() ?? "");
        if (!int.TryParse(draft.Classification, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level))
        {
            return Refused(drafts, draft, $"classificationLevel: '{draft.Classification}' is not a whole number");
        }

        var maxRows = 1;
        if (draft.Entity.Length > 0 && draft.EntityMaxRows.Length > 0
            && !int.TryParse(draft.EntityMaxRows, NumberStyles.Integer, CultureInfo.InvariantCulture, out maxRows))
        {
            return Refused(drafts, draft, $"entity: maxRows '{draft.EntityMaxRows}' is not a whole number");
        }

        if (ColumnLines.Parse(draft.Columns, out var classes) is { } bad)
        {
            return Refused(drafts, draft, bad);
        }

        var (answer, at) = await connector.PostRespondAsync("/api/v1/datasets", new
        {
            id = draft.Id,
            name = draft.Name,
            location = draft.Location,
            classificationLevel = level,
            columns = classes.Count == 0 ? null : classes,
            entity = draft.Entity.Length == 0 ? null : new { column = draft.Entity, maxRows },
        }, cancellationToken);
        if (answer.Status == StatusCodes.Status202Accepted && DatasetRegistrationMap.IsLocation(at))
        {
            return Results.Redirect($"/datasets?registration={registrations.Add(draft.Id, at).Id}");
        }

        return answer.Ok
            ? Results.Redirect($"/datasets?done=registered&item={Uri.EscapeDataString(draft.Id)}")
            : Refused(drafts, draft, answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture));
    }

    private static IResult Refused(Operator.Drafts<DatasetDraft> drafts, DatasetDraft draft, string error) =>
        Results.Redirect($"/datasets?error={Uri.EscapeDataString(error)}&draft={drafts.Keep(draft)}");
}
