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
using DataSpace.Sandbox.Data;
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

    private static async Task<Results<Created<CatalogDataset>, ProblemHttpResult>> RegisterDataset(
        DatasetRequest request, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, TimeProvider time,
        Microsoft.Extensions.Options.IOptions<Hosting.ConnectorOptions> options, DatasetSources sources, CancellationToken cancellationToken)
    {
        if (InvalidId(request.Id, "id", "dataset") is { } bad)
        {
            return bad;
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Problem(400, "name must be 1 to 200 characters");
        }

        if (request.ClassificationLevel is < 0 or > 10)
        {
            return Problem(400, "classificationLevel must be between 0 and 10");
        }

        var classes = new Dictionary<string, ColumnClass>(StringComparer.Ordinal);
        var unknownClasses = new List<string>();
        foreach (var (column, name) in request.Columns ?? new Dictionary<string, string?>())
        {
            if (ColumnClasses.TryParse(name, out var columnClass))
            {
                classes[column] = columnClass;
            }
            else
            {
                unknownClasses.Add($"'{name}' (column '{column}')");
            }
        }

        if (unknownClasses.Count > 0)
        {
            return Problem(400, $"columns: unknown class {string.Join(", ", unknownClasses)}; a class is one of {string.Join(", ", ColumnClasses.Names)}");
        }

        if (request.Entity is { } entity && (string.IsNullOrEmpty(entity.Column) || entity.MaxRows is < 1 or > 1000))
        {
            return Problem(400, "entity: needs a column and maxRows between 1 and 1000");
        }

        var table = string.Equals(request.Format, "postgres", StringComparison.OrdinalIgnoreCase);
        if (table && options.Value.PostgresDatasets is null)
        {
            return Problem(400, "this connector has no PostgreSQL database for datasets (Connector:PostgresDatasets)");
        }

        // The data-root rules come first: a location they refuse is not looked at further, not even its name's format;
        // then the file is opened once, and what is read below is the file that was checked (docs/connector-service.md,
        // "Data roots"). Nothing is logged for a refused location.
        DataFile? opened;
        try
        {
            opened = table ? null : sources.OpenFile(request.Location);
        }
        catch (DataSourceException e)
        {
            return Problem(400, e.Message);
        }

        using var file = opened;
        DataFormat format;
        try
        {
            format = table ? DataFormat.Csv : request.Format is null ? DataSources.FormatFromPath(request.Location) : request.Format.ToLowerInvariant() switch
            {
                "csv" => DataFormat.Csv,
                "parquet" => DataFormat.Parquet,
                "arrow" => DataFormat.ArrowIpc,
                _ => throw new DataSourceException($"format must be csv, parquet or arrow, not '{request.Format}'"),
            };
        }
        catch (DataSourceException e)
        {
            return Problem(400, e.Message);
        }

        if (await store.GetDatasetAsync(request.Id, cancellationToken) is not null)
        {
            return Problem(409, $"a dataset with id '{request.Id}' is already registered");
        }

        // Registration reads the whole file (to count and hash it): logged before the first byte is read, and closed as
        // aborted if the file cannot be read or the record not stored.
        var operation = await audit.BeginAsync(AuditActions.DatasetRegister, "dataset/" + request.Id, PartyClaims.PartyOf(user), AuditDecisions.Permit,
            new Dictionary<string, string> { ["format"] = table ? "postgres" : format.ToString() }, null, cancellationToken);
        if (operation is null)
        {
            return Busy("dataset", request.Id);
        }

        Dataset? dataset = null;
        string? unknownColumns = null;
        try
        {
            await operation.CompleteAsync(async () =>
            {
                try
                {
                    dataset = await Task.Run(() => table ? DescribeTable(request, options.Value.PostgresDatasets!, time) : Describe(request, file!, format, time), CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The file could not be read: the supplier's input, unlike a failure to store the record.
                    throw new DataSourceException(e.Message, e);
                }

                dataset = Classified(dataset, classes, out unknownColumns);
                unknownColumns ??= EntityProblem(dataset, request.Entity);
                if (unknownColumns is not null)
                {
                    throw new DataSourceException(unknownColumns);
                }

                await store.AddDatasetAsync(dataset, operation.Id, CancellationToken.None);
            }, failure => failure is DataSourceException
                ? unknownColumns is not null
                    ? "registration refused: the columns' classes or the entity do not fit the dataset; nothing was registered"
                    : $"registration failed: the dataset could not be read ({(failure.InnerException ?? failure).GetType().Name}); nothing was registered"
                : NotStored(failure));
        }
        catch (DataSourceException e)
        {
            return Problem(400, e.Message);
        }
        catch (StoreConflictException e)
        {
            return Problem(409, e.Message);
        }

        return TypedResults.Created($"/api/v1/catalog#{Uri.EscapeDataString(dataset!.Id)}", ToCatalog(dataset, []));
    }

    /// <summary>
    /// The dataset with every column's class (those not named are sensitive); <paramref name="unknownColumns"/> names the
    /// classified columns the dataset does not have, or is null.
    /// </summary>
    private static Dataset Classified(Dataset dataset, Dictionary<string, ColumnClass> classes, out string? unknownColumns)
    {
        var columns = (JsonSerializer.Deserialize<List<CatalogColumn>>(dataset.SchemaJson) ?? []).Select(c => c.Name).ToList();
        var unknown = classes.Keys.Where(name => !columns.Contains(name, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        unknownColumns = unknown.Count == 0
            ? null
            : $"columns: {string.Join(", ", unknown.Select(name => $"'{name}'"))} {(unknown.Count == 1 ? "is not a column" : "are not columns")} of the dataset " +
              $"(its columns: {string.Join(", ", columns)})";
        return dataset with
        {
            ColumnClassesJson = ColumnClasses.Write(columns.ToDictionary(name => name, name => ColumnClasses.Of(classes, name), StringComparer.Ordinal)),
        };
    }

    /// <summary>Why the entity does not fit the dataset (a column it lacks, or not a key type); null when it does or there is none.</summary>
    private static string? EntityProblem(Dataset dataset, DatasetEntity? entity)
    {
        if (entity is null)
        {
            return null;
        }

        var column = (JsonSerializer.Deserialize<List<CatalogColumn>>(dataset.SchemaJson) ?? []).FirstOrDefault(c => c.Name == entity.Column);
        return column is null ? $"entity: '{entity.Column}' is not a column of the dataset"
            : column.Type is "int32" or "int64" or "string" ? null
            : $"entity: '{entity.Column}' is {column.Type}; an entity column holds int32, int64 or string ids";
    }

    /// <summary>Describes the open <paramref name="file"/>: schema, rows and digest, all read through its one handle.</summary>
    private static Dataset Describe(DatasetRequest request, DataFile file, DataFormat format, TimeProvider time)
    {
        string digest;
        using (var stream = file.OpenRead())
        {
            digest = Sha256Digest.Of(stream);
        }

        using var source = DataSources.Open(file, format);
        var columns = source.Schema.Columns;
        long rows = 0;
        foreach (var batch in source.ReadBatches([.. columns.Select(c => c.Name)], 65_536))
        {
            rows += batch.Length;
        }

        return new Dataset
        {
            Id = request.Id,
            Name = request.Name,
            Format = format switch
            {
                DataFormat.Csv => DatasetFormat.Csv,
                DataFormat.Parquet => DatasetFormat.Parquet,
                _ => DatasetFormat.ArrowIpc,
            },
            Location = file.Path,
            SchemaJson = JsonSerializer.Serialize(columns.Select(c => new CatalogColumn(c.Name, c.Type.ToString().ToLowerInvariant(), c.Nullable))),
            RowCount = rows,
            ContentDigest = digest,
            ClassificationLevel = request.ClassificationLevel,
            RegisteredAt = time.GetUtcNow(),
            EntityColumn = request.Entity?.Column,
            EntityMaxRows = request.Entity?.MaxRows,
        };
    }

    private static Dataset DescribeTable(DatasetRequest request, string connectionString, TimeProvider time)
    {
        using var source = Data.PostgresTableSource.Open(connectionString, request.Location);
        var (rows, digest) = source.Describe();
        return new Dataset
        {
            Id = request.Id,
            Name = request.Name,
            Format = DatasetFormat.PostgresTable,
            Location = source.Table,
            SchemaJson = JsonSerializer.Serialize(source.Schema.Columns.Select(c => new CatalogColumn(c.Name, c.Type.ToString().ToLowerInvariant(), c.Nullable))),
            RowCount = rows,
            ContentDigest = digest,
            ClassificationLevel = request.ClassificationLevel,
            RegisteredAt = time.GetUtcNow(),
            EntityColumn = request.Entity?.Column,
            EntityMaxRows = request.Entity?.MaxRows,
        };
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
