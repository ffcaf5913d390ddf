using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// Taking a party off the trust list from the Parties page (docs/console.md, "Removing a party"): one signed
/// <c>DELETE /api/v1/parties/{id}</c>, then back to the page with what happened. The form's bound field makes ASP.NET
/// Core check its anti-forgery token first, so a forged post removes nobody.
/// </summary>
internal static class PartyActions
{
    public static void Map(WebApplication app) => app.MapPost("/actions/parties/{partyId}/remove", Remove);

    private static async Task<IResult> Remove(string partyId, [FromForm] string? confirm, ConsoleConnector connector, CancellationToken cancellationToken)
    {
        if (confirm != "remove")
        {
            return Results.BadRequest();
        }

        var answer = await connector.DeleteAsync($"/api/v1/parties/{Uri.EscapeDataString(partyId)}", cancellationToken);
        return Results.Redirect(answer.Ok
            ? $"/parties?done=removed&item={Uri.EscapeDataString(partyId)}"
            : $"/parties?error={Uri.EscapeDataString(answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture))}");
    }
}
