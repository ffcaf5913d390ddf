using System.Globalization;
using System.Text.Json;
using DataSpace.Connector.Settlement;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole.Settlement;

/// <summary>
/// What the settlement page's form posts to (docs/console.md, "Settlement"): the supplier closes a period with one
/// signed <c>POST /api/v1/settlements</c> and is redirected back to the period (post, redirect, get), with the number
/// of statements signed or the connector's refusal (a month not yet over, a month already closed). The action binds a
/// form field, so ASP.NET Core checks its anti-forgery token before the handler runs.
/// </summary>
internal static class SettlementActions
{
    public static void Map(WebApplication app) => app.MapPost("/actions/settlements/close", CloseAsync);

    private static async Task<IResult> CloseAsync([FromForm] string? period, ConsoleConnector connector, CancellationToken cancellationToken)
    {
        // The same rule as the connector and dsc settlement close: a month written yyyy-MM (UTC+8).
        if (!SettlementPeriod.TryParse(period, out var parsed))
        {
            return Results.Redirect($"/settlements?error={Uri.EscapeDataString($"period '{period}' is not a month written yyyy-MM, e.g. 2026-11")}");
        }

        var answer = await connector.PostAsync("/api/v1/settlements", new { period = parsed.ToString() }, cancellationToken);
        if (!answer.Ok)
        {
            return Results.Redirect($"/settlements?period={parsed}&error={Uri.EscapeDataString(answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture))}");
        }

        var count = answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("statements", out var statements) ? statements.GetArrayLength() : 0;
        return Results.Redirect($"/settlements?period={parsed}&done=closed&count={count.ToString(CultureInfo.InvariantCulture)}");
    }
}
