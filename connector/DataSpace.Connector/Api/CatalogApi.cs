using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Data;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Signatures;
using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Negotiation;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>A party to put on the trust list.</summary>
public sealed record PartyRequest(string Id, string Name, PartyRole Role, IReadOnlyList<string> PublicKeys);

/// <summary>
/// A dataset to register: a file on the supplier's premises. <paramref name="Columns"/> classes its columns (column name
/// to <c>identifying</c>, <c>quasiIdentifying</c>, <c>sensitive</c> or <c>public</c>); a column it does not name is sensitive.
/// <paramref name="Entity"/> names the column of the entity a row is about, when one entity may have several rows.
/// </summary>
public sealed record DatasetRequest(
    string Id, string Name, string Location, string? Format, int ClassificationLevel, IReadOnlyDictionary<string, string?>? Columns = null,
    DatasetEntity? Entity = null);

/// <summary>
/// A dataset's entity (docs/analysis-plans.md, "Evaluation"): the column naming the enterprise or person a row is about
/// (an int32, int64 or string column), and how many rows of one entity an analysis plan counts (1 to 1,000); the privacy
/// unit of a plan's noise is then the entity with that many rows.
/// </summary>
public sealed record DatasetEntity(string Column, int MaxRows);

/// <summary>An offer: an ODRL policy over a dataset.</summary>
public sealed record OfferRequest(string Id, string Dataset, JsonObject Policy);

/// <summary>A column of a dataset as the catalogue shows it, with its class (unset only in the stored schema).</summary>
public sealed record CatalogColumn(
    string Name, string Type, bool Nullable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ColumnClass? Class = null);

/// <summary>An offer as the catalogue shows it.</summary>
public sealed record CatalogOffer(string Id, JsonNode? Policy, DateTimeOffset CreatedAt);

/// <summary>A dataset as the catalogue shows it: its description, never its rows or where it is kept.</summary>
public sealed record CatalogDataset(
    string Id, string Name, string Format, IReadOnlyList<CatalogColumn> Columns, long RowCount, string ContentDigest,
    int ClassificationLevel, DateTimeOffset RegisteredAt, IReadOnlyList<CatalogOffer> Offers,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DatasetEntity? Entity = null);

/// <summary>
/// The supplier's catalogue: the trust list (supplier only), datasets and offers (supplier only to change,
/// every party to read). Every change is appended to the signed log before it is stored.
/// </summary>
internal static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Catalogue");
        api.MapPost("/parties", AddParty).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Put a party and its public keys on the trust list (supplier only).");
        api.MapPost("/datasets", RegisterDataset).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Register a dataset file: its schema, row count and content digest are recorded (supplier only).");
        api.MapPost("/offers", CreateOffer).RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("Offer a dataset under an ODRL policy (supplier only).");
        api.MapCatalogLists();
        return endpoints;
    }

    private static async Task<Results<Created<Party>, ProblemHttpResult>> AddParty(
        PartyRequest request, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (InvalidId(request.Id, "id", "party") is { } bad)
        {
            return bad;
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Problem(400, "name must be 1 to 200 characters");
        }

        if (request.PublicKeys is not { Count: > 0 and <= 16 })
        {
            return Problem(400, "publicKeys must hold 1 to 16 PEM public keys");
        }

        var keys = new List<PartyKey>();
        foreach (var pem in request.PublicKeys)
        {
            try
            {
                var key = PublicKey.ImportPem(pem);
                keys.Add(new PartyKey(key.KeyId, key.ExportPem()));
            }
            catch (Exception e) when (e is KeyFormatException or FormatException or ArgumentException)
            {
                return Problem(400, $"publicKeys[{keys.Count}] is not a public key of a supported suite: {e.Message}");
            }
        }

        if (await store.GetPartyAsync(request.Id, cancellationToken) is not null)
        {
            return Problem(409, $"a party with id '{request.Id}' is on the trust list");
        }

        var party = new Party { Id = request.Id, DisplayName = request.Name, Role = request.Role, Keys = keys, AddedAt = time.GetUtcNow() };
        var operation = await audit.BeginAsync(AuditActions.PartyAdd, "party/" + party.Id, PartyClaims.PartyOf(user), AuditDecisions.Permit,
            new Dictionary<string, string> { ["role"] = party.Role.ToString(), ["keys"] = string.Join(",", keys.Select(k => k.KeyId)) }, null, cancellationToken);
        if (operation is null)
        {
            return Busy("party", party.Id);
        }

        try
        {
            await operation.CompleteAsync(() => store.AddPartyAsync(party, operation.Id, CancellationToken.None), NotStored);
        }
        catch (StoreConflictException e)
        {
            return Problem(409, e.Message);
        }

        return TypedResults.Created($"/api/v1/parties/{Uri.EscapeDataString(party.Id)}", party);
    }

    /// <summary>
    /// Registers a dataset (<see cref="DatasetRegistration"/>): answered when the file has been read, or at once with 202 and
    /// the registration's address when the request says <c>Prefer: respond-async</c> (RFC 7240 section 4.1) and passed
    /// every check that needs no reading of the file (docs/connector-service.md, "Registering with progress").
    /// </summary>
    private static async Task<Results<Created<CatalogDataset>, Accepted<DatasetRegistrationView>, ProblemHttpResult>> RegisterDataset(
        DatasetRequest request, HttpRequest http, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, TimeProvider time,
        Microsoft.Extensions.Options.IOptions<Hosting.ConnectorOptions> options, DatasetSources sources, DatasetRegistrations registrations,
        CancellationToken cancellationToken)
    {
        DatasetRegistrations.Entry? entry = null;
        if (DatasetRegistrationsApi.PrefersAsync(http) && (entry = registrations.Reserve()) is null)
        {
            return Problem(503, $"{DatasetRegistrations.MaxKept} dataset registrations are kept already; try again when one has ended");
        }

        var (registration, problem) = await DatasetRegistration.BeginAsync(request, user, store, audit, options.Value, sources, cancellationToken);
        if (registration is null)
        {
            if (entry is not null)
            {
                registrations.Release(entry);
            }

            return problem!;
        }

        if (entry is not null)
        {
            registrations.Run(entry, registration);
            http.HttpContext.Response.Headers["Preference-Applied"] = "respond-async";
            return TypedResults.Accepted(DatasetRegistrationsApi.PathOf(entry.Id), entry.View());
        }

        using (registration)
        {
            return (await registration.CompleteAsync(store, time, options.Value, progress: null)).Result switch
            {
                Created<CatalogDataset> created => created,
                ProblemHttpResult refused => refused,
                var other => throw new InvalidOperationException($"unexpected registration outcome {other.GetType().Name}"),
            };
        }
    }

    private static async Task<Results<Created<CatalogOffer>, ProblemHttpResult>> CreateOffer(
        OfferRequest request, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if ((InvalidId(request.Id, "id", "offer") ?? InvalidId(request.Dataset, "dataset", "dataset")) is { } bad)
        {
            return bad;
        }

        if (request.Policy is null)
        {
            return Problem(400, "policy is required: an ODRL policy in JSON-LD");
        }

        if (await store.GetDatasetAsync(request.Dataset ?? "", cancellationToken) is not { } dataset)
        {
            return Problem(404, $"no dataset '{request.Dataset}' is registered");
        }

        // The offer is checked on the parsed model against the dataset, and stored as the serializer writes that model:
        // what the catalogue shows is exactly what the connector enforces (docs/policy-profile.md, "Offers").
        var submitted = request.Policy.ToJsonString();
        var check = OfferRules.Check(PolicyParser.Parse(submitted), new OfferContext
        {
            DatasetId = dataset.Id,
            Columns = [.. (JsonSerializer.Deserialize<List<CatalogColumn>>(dataset.SchemaJson) ?? []).Select(c => c.Name)],
        });
        if (!check.IsValid)
        {
            return Problem(400, "the policy is not valid: " + string.Join("; ", check.Errors));
        }

        var json = PolicySerializer.Serialize(check.Offer!);
        if (await store.GetOfferAsync(request.Id, cancellationToken) is not null)
        {
            return Problem(409, $"an offer with id '{request.Id}' exists");
        }

        var offer = new Offer { Id = request.Id, DatasetId = dataset.Id, PolicyJson = json, CreatedAt = time.GetUtcNow() };
        var operation = await audit.BeginAsync(AuditActions.OfferCreate, "offer/" + offer.Id, PartyClaims.PartyOf(user), AuditDecisions.Permit,
            new Dictionary<string, string> { ["dataset"] = offer.DatasetId },
            new Dictionary<string, string> { ["policy"] = Sha256Digest.Of(json), ["submitted"] = Sha256Digest.Of(submitted) }, cancellationToken);
        if (operation is null)
        {
            return Busy("offer", offer.Id);
        }

        try
        {
            await operation.CompleteAsync(() => store.AddOfferAsync(offer, operation.Id, CancellationToken.None), NotStored);
        }
        catch (StoreConflictException e)
        {
            return Problem(409, e.Message);
        }

        return TypedResults.Created($"/api/v1/catalog#{Uri.EscapeDataString(offer.Id)}", new CatalogOffer(offer.Id, JsonNode.Parse(json), offer.CreatedAt));
    }

    /// <summary>A dataset as the catalogue shows it, with <paramref name="offers"/>.</summary>
    internal static CatalogDataset ToCatalog(Dataset dataset, IEnumerable<Offer> offers)
    {
        var classes = ColumnClasses.Read(dataset.ColumnClassesJson);
        return new(
            dataset.Id,
            dataset.Name,
            dataset.Format.ToString().ToLowerInvariant(),
            [.. (JsonSerializer.Deserialize<List<CatalogColumn>>(dataset.SchemaJson) ?? []).Select(c => c with { Class = ColumnClasses.Of(classes, c.Name) })],
            dataset.RowCount,
            dataset.ContentDigest,
            dataset.ClassificationLevel,
            dataset.RegisteredAt,
            [.. offers.Select(o => new CatalogOffer(o.Id, JsonNode.Parse(o.PolicyJson), o.CreatedAt))],
            dataset.EntityColumn is { } entity ? new DatasetEntity(entity, dataset.EntityMaxRows ?? 1) : null);
    }

    /// <summary>The reason an operation's effect did not happen when the store refused it or failed.</summary>
    internal static string NotStored(Exception failure) => failure is StoreConflictException conflict
        ? "not stored: " + conflict.Message
        : $"not stored: {failure.GetType().Name}";

    /// <summary>409 for a resource another request is creating or changing right now.</summary>
    internal static ProblemHttpResult Busy(string kind, string id) => Problem(409, $"the {kind} '{id}' is being changed by another request; try again");
}
