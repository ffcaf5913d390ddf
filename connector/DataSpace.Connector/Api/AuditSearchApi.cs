using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Http;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Log;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// A log entry as <c>GET /api/v1/audit/search</c> lists it: its index in the log, the fields read from it, the dataset ids
/// it names (<see cref="AuditDatasets.Of"/>, what the <c>dataset</c> filter matches), and the leaf itself (the exact bytes
/// hashed, as <c>/api/v1/audit/entries</c> gives them), so a client checks its inclusion as it would any leaf.
/// </summary>
public sealed record AuditEntryView(
    long Index, DateTimeOffset When, string Actor, string Action, string Resource, string? Decision, IReadOnlyList<string> Datasets, string Leaf);

/// <summary>
/// Search of the signed log (docs/connector-service.md, "Lists"): a page of entries in log order, filtered by action,
/// actor, resource prefix, dataset and time, through the store's audit index (<see cref="AuditIndex"/>); the entries
/// themselves are read from the log.
/// </summary>
internal static class AuditSearchApi
{
    private const int MaxFilterLength = 256;

    public static RouteGroupBuilder MapAuditSearch(this RouteGroupBuilder audit)
    {
        audit.MapGet("/search", Search).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("A page of log entries in log order (limit, cursor; filters action, actor, resource prefix, dataset, from, to), supplier and auditors.");
        return audit;
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEntryView>>, ProblemHttpResult>> Search(
        string? action, string? actor, string? resource, string? dataset, string? from, string? to, string? limit, string? cursor,
        ITransparencyLog log, AuditIndex index, IConnectorStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var fromProblem = Time(from, "from", out var after);
        var toProblem = Time(to, "to", out var before);
        if ((ListPaging.ReadLimit(limit, out var count)
            ?? Printable(action, "action") ?? Printable(actor, "actor") ?? Printable(resource, "resource")
            ?? (dataset is null ? null : InvalidId(dataset, "dataset", "dataset")) ?? fromProblem ?? toProblem) is { } bad)
        {
            return bad;
        }

        if (after is not null && before is not null && after >= before)
        {
            return Problem(400, "from: must be before to");
        }

        var logId = await index.CatchUpAsync(cancellationToken);
        var filters = ListPaging.Filters(("log", logId), ("action", action), ("actor", actor), ("resource", resource), ("dataset", dataset),
            ("from", after?.ToString("O", CultureInfo.InvariantCulture)), ("to", before?.ToString("O", CultureInfo.InvariantCulture)));
        if (ListPaging.ReadCursor(cursor, "audit", filters, [JsonValueKind.Number], out var key) is { } badCursor)
        {
            return badCursor;
        }

        if (logId is null)
        {
            return TypedResults.Ok<IReadOnlyList<AuditEntryView>>([]);
        }

        var indexes = await store.SearchAuditIndexAsync(new AuditQuery
        {
            LogId = logId,
            Limit = count + 1,
            After = key?[0]!.GetValue<long>(),
            Action = action,
            Actor = actor,
            ResourcePrefix = resource,
            Dataset = dataset,
            From = after,
            To = before,
        }, cancellationToken);
        var page = ListPaging.Page(context, indexes, count, i => ListPaging.Cursor("audit", filters, JsonValue.Create(i)));
        var entries = new List<AuditEntryView>(page.Count);
        foreach (var i in page)
        {
            var leaf = log.ReadLeaf(i);
            if (!LogLeaf.TryParse(leaf, out var parts, out var error))
            {
                throw new InvalidDataException($"log leaf {i} is malformed: {error}");
            }

            var entry = LogEntry.Parse(leaf.AsSpan()[parts.Entry]);
            entries.Add(new AuditEntryView(
                i, entry.When, entry.Actor, entry.Action, entry.Resource, entry.Decision, AuditDatasets.Of(entry), Encoding.UTF8.GetString(leaf)));
        }

        return TypedResults.Ok<IReadOnlyList<AuditEntryView>>(entries);
    }

    /// <summary>A filter of 1 to 256 printable ASCII characters (the log's actions, party ids and resources are), or a 400 naming it.</summary>
    private static ProblemHttpResult? Printable(string? value, string name) =>
        value is null || (value.Length is > 0 and <= MaxFilterLength && value.All(c => c is >= ' ' and <= '~'))
            ? null
            : Problem(400, $"{name}: must be 1 to {MaxFilterLength} printable ASCII characters");

    /// <summary>An RFC 3339 time with an offset (<c>2026-05-01T00:00:00Z</c>), or a 400 naming the parameter.</summary>
    private static ProblemHttpResult? Time(string? text, string name, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return null;
        }

        if (text.Length is > 10 and <= 40 && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            time = parsed;
            return null;
        }

        return Problem(400, $"{name}: '{(text.Length <= 40 ? text : text[..40] + "…")}' is not an RFC 3339 time with an offset, such as 2026-05-01T00:00:00Z");
    }
}
