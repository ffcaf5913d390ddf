using System.Security.Claims;
using System.Text.Json;
using DataSpace.Connector.Audit;
using DataSpace.Connector.Data;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Model;
using DataSpace.Connector.Storage;
using DataSpace.Sandbox.Data;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// One dataset registration (<c>POST /api/v1/datasets</c>), the one path of both the synchronous answer and the
/// asynchronous one (<c>Prefer: respond-async</c>, <see cref="DatasetRegistrations"/>): <see cref="BeginAsync"/> makes
/// every check that needs no reading of the file (the request, the data roots, the format, the id), opens the file once
/// and appends the registration's log entry; <see cref="CompleteAsync"/> then reads the file through that handle (schema,
/// rows, digest), reporting the bytes hashed, and stores the record, or closes the log entry as aborted.
/// </summary>
internal sealed class DatasetRegistration : IDisposable
{
    private readonly DatasetRequest _request;
    private readonly DataFile? _file;
    private readonly DatasetFolder? _folder;
    private readonly DataFormat _format;
    private readonly Dictionary<string, ColumnClass> _classes;
    private readonly LoggedOperation _operation;

    private DatasetRegistration(
        DatasetRequest request, DataFile? file, DatasetFolder? folder, DataFormat format, Dictionary<string, ColumnClass> classes, LoggedOperation operation)
    {
        _request = request;
        _file = file;
        _folder = folder;
        _format = format;
        _classes = classes;
        _operation = operation;
    }

    /// <summary>The dataset's id.</summary>
    public string Id => _request.Id;

    /// <summary>
    /// The size of the file to read, in bytes, or of all the files of a folder; 0 for a PostgreSQL table (its rows are not
    /// counted in bytes).
    /// </summary>
    public long BytesTotal
    {
        get
        {
            if (_file is null)
            {
                return _folder?.BytesTotal ?? 0;
            }

            using var stream = _file.OpenRead();
            return stream.Length;
        }
    }

    /// <summary>
    /// Checks <paramref name="request"/> (a 400 or 409 problem when it is refused, nothing logged), opens its file under the
    /// data roots and logs the registration's start: the caller completes the registration it returns, or disposes it.
    /// </summary>
    public static async Task<(DatasetRegistration? Registration, ProblemHttpResult? Problem)> BeginAsync(
        DatasetRequest request, ClaimsPrincipal user, IConnectorStore store, AuditTrail audit, ConnectorOptions options, DatasetSources sources,
        CancellationToken cancellationToken)
    {
        if (Refusal(request, options, out var classes) is { } refused)
        {
            return (null, refused);
        }

        // The data-root rules come first: a location they refuse is not looked at further, not even its name's format;
        // then the file is opened once, and what is read later is the file that was checked (docs/connector-service.md,
        // "Data roots"). Nothing is logged for a refused location.
        // A folder is checked as a folder and then file by file, each file by the same rules (docs/sandbox-data.md,
        // "Partitioned Parquet folders").
        var table = IsTable(request);
        var isFolder = !table && DatasetSources.IsFolder(request.Location);
        DataFile? file = null;
        DatasetFolder? folder = null;
        try
        {
            if (isFolder)
            {
                folder = sources.OpenFolder(request.Location);
            }
            else if (!table)
            {
                file = sources.OpenFile(request.Location);
            }
        }
        catch (DataSourceException e)
        {
            return (null, Problem(400, e.Message));
        }

        try
        {
            DataFormat format;
            try
            {
                format = table ? DataFormat.Csv
                    : isFolder ? request.Format is null || string.Equals(request.Format, "parquet", StringComparison.OrdinalIgnoreCase)
                        ? DataFormat.Parquet
                        : throw new DataSourceException($"format: a folder dataset is a folder of Parquet files; give parquet or no format, not '{request.Format}'")
                    : request.Format is null ? DataSources.FormatFromPath(request.Location) : request.Format.ToLowerInvariant() switch
                {
                    "csv" => DataFormat.Csv,
                    "parquet" => DataFormat.Parquet,
                    "arrow" => DataFormat.ArrowIpc,
                    _ => throw new DataSourceException($"format must be csv, parquet or arrow, not '{request.Format}'"),
                };
            }
            catch (DataSourceException e)
            {
                return (null, Problem(400, e.Message));
            }

            if (await store.GetDatasetAsync(request.Id, cancellationToken) is not null)
            {
                return (null, Problem(409, $"a dataset with id '{request.Id}' is already registered"));
            }

            // Registration reads the whole file (to count and hash it): logged before the first byte is read, and closed as
            // aborted if the file cannot be read or the record not stored.
            var operation = await audit.BeginAsync(AuditActions.DatasetRegister, "dataset/" + request.Id, PartyClaims.PartyOf(user), AuditDecisions.Permit,
                new Dictionary<string, string> { ["format"] = table ? "postgres" : isFolder ? "ParquetFolder" : format.ToString() }, null, cancellationToken);
            if (operation is null)
            {
                return (null, CatalogApi.Busy("dataset", request.Id));
            }

            var registration = new DatasetRegistration(request, file, folder, format, classes, operation);
            file = null;
            folder = null;
            return (registration, null);
        }
        finally
        {
            file?.Dispose();
            folder?.Dispose();
        }
    }

    /// <summary>
    /// Reads the file (the bytes hashed reported to <paramref name="progress"/>), checks the columns' classes and the entity
    /// against it and stores the record: the catalogue's view of it, or the problem (400 for a file that cannot be read or
    /// does not fit the classes, 409 for a conflict), the log entry then closed as aborted.
    /// </summary>
    public async Task<Results<Created<CatalogDataset>, ProblemHttpResult>> CompleteAsync(
        IConnectorStore store, TimeProvider time, ConnectorOptions options, IProgress<long>? progress)
    {
        Dataset? dataset = null;
        string? unknownColumns = null;
        try
        {
            await _operation.CompleteAsync(async () =>
            {
                try
                {
                    dataset = await Task.Run(
                        () => _folder is not null ? DescribeFolder(_request, _folder, time, progress)
                            : _file is null ? DescribeTable(_request, options.PostgresDatasets!, time)
                            : Describe(_request, _file, _format, time, progress),
                        CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The file could not be read: the supplier's input, unlike a failure to store the record.
                    throw new DataSourceException(e.Message, e);
                }

                dataset = Classified(dataset, _classes, out unknownColumns);
                unknownColumns ??= EntityProblem(dataset, _request.Entity);
                if (unknownColumns is not null)
                {
                    throw new DataSourceException(unknownColumns);
                }

                await store.AddDatasetAsync(dataset, _operation.Id, CancellationToken.None);
            }, failure => failure is DataSourceException
                ? unknownColumns is not null
                    ? "registration refused: the columns' classes or the entity do not fit the dataset; nothing was registered"
                    : $"registration failed: the dataset could not be read ({(failure.InnerException ?? failure).GetType().Name}); nothing was registered"
                : CatalogApi.NotStored(failure));
        }
        catch (DataSourceException e)
        {
            return Problem(400, e.Message);
        }
        catch (StoreConflictException e)
        {
            return Problem(409, e.Message);
        }

        return TypedResults.Created($"/api/v1/catalog#{Uri.EscapeDataString(dataset!.Id)}", CatalogApi.ToCatalog(dataset, []));
    }

    public void Dispose()
    {
        _file?.Dispose();
        _folder?.Dispose();
    }

    private static bool IsTable(DatasetRequest request) => string.Equals(request.Format, "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The 400 for a request refused on its face (id, name, level, classes, entity, table support); null when it passes.</summary>
    private static ProblemHttpResult? Refusal(DatasetRequest request, ConnectorOptions options, out Dictionary<string, ColumnClass> classes)
    {
        classes = new Dictionary<string, ColumnClass>(StringComparer.Ordinal);
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

        return IsTable(request) && options.PostgresDatasets is null
            ? Problem(400, "this connector has no PostgreSQL database for datasets (Connector:PostgresDatasets)")
            : null;
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
    private static Dataset Describe(DatasetRequest request, DataFile file, DataFormat format, TimeProvider time, IProgress<long>? progress)
    {
        string digest;
        using (var stream = progress is null ? file.OpenRead() : new ProgressReadStream(file.OpenRead(), progress))
        {
            digest = Sha256Digest.Of(stream);
        }

        using var source = DataSources.Open(file, format);
        return Read(request, source, format, file.Path, digest, time);
    }

    /// <summary>
    /// Describes the open <paramref name="folder"/>: every file hashed through its handle (the bytes reported to
    /// <paramref name="progress"/>), the folder's digest made of theirs, then the files read as one table for the schema
    /// and the rows (docs/sandbox-data.md, "The digest of a folder").
    /// </summary>
    private static Dataset DescribeFolder(DatasetRequest request, DatasetFolder folder, TimeProvider time, IProgress<long>? progress)
    {
        var parts = folder.Hash(progress, CancellationToken.None);
        using var source = folder.OpenSource();
        return Read(request, source, DataFormat.Parquet, folder.Path, FolderDigest.Of(parts), time) with { PartsJson = DatasetParts.Write(parts) };
    }

    /// <summary>The record of a file or folder dataset: its schema, and its rows counted by reading every column.</summary>
    private static Dataset Read(DatasetRequest request, IDataSource source, DataFormat format, string location, string digest, TimeProvider time)
    {
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
            Location = location,
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
        using var source = PostgresTableSource.Open(connectionString, request.Location);
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
}
