using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole.Auditor;

/// <summary>
/// What the auditor's forms post to (docs/console.md, "Auditor"), post, redirect, get as the other roles' actions: start
/// a verification of the signed log (then its page follows the progress), or check a pasted receipt (then its page
/// shows each check). Every action binds a form field, so ASP.NET Core checks its anti-forgery token first.
/// </summary>
internal static class AuditorActions
{
    /// <summary>The largest receipt the form takes (a receipt is a few kilobytes; its proof grows with log2 of the log).</summary>
    public const int MaxReceiptChars = 256 * 1024;

    public static void Map(WebApplication app)
    {
        app.MapPost("/actions/audit/verify", ([FromForm] string? confirm, Verifications verifications) =>
            Results.Redirect($"/audit?verification={verifications.Start().Id}"));
        app.MapPost("/actions/audit/receipt", CheckReceipt);
        VerificationEvents.Map(app);
    }

    private static async Task<IResult> CheckReceipt([FromForm] string? receipt, ConsoleConnector connector, Operator.Drafts<ReceiptReport> reports, CancellationToken cancellationToken)
    {
        var text = receipt ?? "";
        var report = text.Length > MaxReceiptChars
            ? ReceiptReport.Unreadable($"the receipt is {text.Length} characters; the form takes at most {MaxReceiptChars}")
            : await ReceiptCheck.RunAsync(text, connector, cancellationToken);
        return Results.Redirect($"/audit/receipt?check={reports.Keep(report)}");
    }
}
