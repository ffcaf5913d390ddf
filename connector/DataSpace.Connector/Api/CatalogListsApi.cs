using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// An offer as <c>GET /api/v1/offers</c> lists it: its dataset, policy and creation; <c>WithdrawnAt</c> for a withdrawn one
/// (which only the supplier and auditors see listed).
/// </summary>
public sealed record OfferView(string Id, string Dataset, JsonNode? Policy, DateTimeOffset CreatedAt, DateTimeOffset? WithdrawnAt);

/// <summary>
/// The catalogue's lists, each a page by id with a cursor (docs/connector-service.md, "Lists"): the trust list (supplier
/// and auditors), the catalogue of datasets with their standing offers, and offers.
/// </summary>
internal static class CatalogListsApi
{
    private static readonly JsonValueKind[] IdKey = [JsonValueKind.String];

    public static RouteGroupBuilder MapCatalogLists(this RouteGroupBuilder api)
    {
        api.MapGet("/parties", ListParties).RequireAuthorization(PartyPolicies.SupplierOrAuditor)
            .WithSummary("A page of the trust list by party id (limit, cursor; filter role), supplier and auditors.");
        api.MapGet("/catalog", GetCatalog).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A page of datasets by id with their standing offers (limit, cursor): descriptions only, never rows.");
        api.MapGet("/offers", ListOffers).RequireAuthorization(PartyPolicies.AnyParty)
            .WithSummary("A page of offers by id (limit, cursor; filter dataset): standing ones for every party, withdrawn ones too for the supplier and auditors.");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<Party>>, ProblemHttpResult>> ListParties(
        string? role, string? limit, string? cursor, IConnectorStore store, HttpContext context, CancellationToken cancellationToken)
    {
        PartyRole? wanted = null;
        if (role is not null)
        {
            if (!Enum.TryParse<PartyRole>(role, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(role, out _))
            {
                return Problem(400, $"role: '{role}' is not a role; one of {string.Join(", ", Enum.GetNames<PartyRole>())}");
            }

            wanted = parsed;
        }

        var filters = ListPaging.Filters(("role", wanted?.ToString()));
        var cursorProblem = ListPaging.ReadCursor(cursor, "parties", filters, IdKey, out var key);
        if ((ListPaging.ReadLimit(limit, out var count) ?? cursorProblem) is { } bad)
        {
            return bad;
        }

        var parties = await store.PagePartiesAsync(new PartyQuery { Limit = count + 1, After = key?[0]!.GetValue<string>(), Role = wanted }, cancellationToken);
        return TypedResults.Ok(ListPaging.Page(context, parties, count, p => ListPaging.Cursor("parties", filters, JsonValue.Create(p.Id))));
    }

    private static async Task<Results<Ok<IReadOnlyList<CatalogDataset>>, ProblemHttpResult>> GetCatalog(
        string? limit, string? cursor, IConnectorStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var cursorProblem = ListPaging.ReadCursor(cursor, "catalog", "", IdKey, out var key);
        if ((ListPaging.ReadLimit(limit, out var count) ?? cursorProblem) is { } bad)
        {
            return bad;
        }

        var datasets = ListPaging.Page(context, await store.PageDatasetsAsync(key?[0]!.GetValue<string>(), count + 1, cancellationToken), count,
            d => ListPaging.Cursor("catalog", "", JsonValue.Create(d.Id)));
        var catalog = new List<CatalogDataset>(datasets.Count);
        foreach (var dataset in datasets)
        {
            var offers = await store.PageOffersAsync(
                new OfferQuery { Limit = ListPaging.MaxLimit, DatasetId = dataset.Id, StandingOnly = true }, cancellationToken);
            catalog.Add(CatalogApi.ToCatalog(dataset, offers));
        }

        return TypedResults.Ok<IReadOnlyList<CatalogDataset>>(catalog);
    }

    private static async Task<Results<Ok<IReadOnlyList<OfferView>>, ProblemHttpResult>> ListOffers(
        string? dataset, string? limit, string? cursor, ClaimsPrincipal user, IConnectorStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var filters = ListPaging.Filters(("dataset", dataset));
        var cursorProblem = ListPaging.ReadCursor(cursor, "offers", filters, IdKey, out var key);
        if ((ListPaging.ReadLimit(limit, out var count)
            ?? (dataset is null ? null : InvalidId(dataset, "dataset", "dataset"))
            ?? cursorProblem) is { } bad)
        {
            return bad;
        }

        var offers = await store.PageOffersAsync(new OfferQuery
        {
            Limit = count + 1,
            After = key?[0]!.GetValue<string>(),
            DatasetId = dataset,
            StandingOnly = !(user.IsInRole(nameof(PartyRole.Supplier)) || user.IsInRole(nameof(PartyRole.Auditor))),
        }, cancellationToken);
        var page = ListPaging.Page(context, offers, count, o => ListPaging.Cursor("offers", filters, JsonValue.Create(o.Id)));
        return TypedResults.Ok<IReadOnlyList<OfferView>>([.. page.Select(o => new OfferView(o.Id, o.DatasetId, JsonNode.Parse(o.PolicyJson), o.CreatedAt, o.WithdrawnAt))]);
    }
}
