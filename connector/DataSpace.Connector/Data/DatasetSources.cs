using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Data;

/// <summary>
/// Where the connector may read datasets from (docs/connector-service.md, "Data roots"). A dataset file must be a
/// regular file under one of <c>Connector:DataRoots</c> (by default <c>&lt;data dir&gt;/datasets</c>) once every
/// symbolic link of its path is followed, and never inside the connector's own data directory (keys, log, database,
/// modules, logs: everything but its <c>datasets/</c> folder) nor its gateway secret, even when a root includes them.
/// The file is checked when it is registered and again each time a job opens it, and read only through the handle
/// that was checked (<see cref="DataFile"/>). A folder of Parquet files is checked as a folder and file by file
/// (<see cref="OpenFolder"/>). Tables come from <c>Connector:PostgresDatasets</c>.
/// </summary>
internal sealed partial class DatasetSources
{
    private const string RootsSetting = ConnectorOptions.SectionName + ":DataRoots";
    private const string MaxFilesSetting = ConnectorOptions.SectionName + ":MaxDatasetFiles";

    /// <summary>The connector's own folders of the data directory, also where a link makes them live elsewhere.</summary>
    private static readonly string[] OwnFolders = ["keys", "log", "modules", "logs"];

    private readonly string _dataDirectory;
    private readonly string? _datasetsDirectory;
    private readonly IReadOnlyList<string> _ownDirectories;
    private readonly string _gatewaySecret;
    private readonly string? _postgresDatasets;
    private readonly int _maxFiles;

    private DatasetSources(
        IReadOnlyList<string> roots, string dataDirectory, string? datasetsDirectory, IReadOnlyList<string> ownDirectories, string gatewaySecret,
        string? postgresDatasets, int maxFiles)
    {
        _maxFiles = maxFiles;
        Roots = roots;
        _dataDirectory = dataDirectory;
        _datasetsDirectory = datasetsDirectory;
        _ownDirectories = ownDirectories;
        _gatewaySecret = gatewaySecret;
        _postgresDatasets = postgresDatasets;
    }

    /// <summary>The data roots, canonical.</summary>
    public IReadOnlyList<string> Roots { get; }

    /// <summary>
    /// The sources of <paramref name="options"/> for the connector with data directory <paramref name="directory"/>:
    /// the configured roots (relative ones to the working directory), or its <c>datasets/</c> folder when none is.
    /// </summary>
    /// <exception cref="ConnectorConfigurationException">A configured root does not exist or is not a directory.</exception>
    public static DatasetSources Create(ConnectorOptions options, ConnectorDataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(directory);
        return Create(
            options.DataRoots.Count == 0 ? [directory.DatasetsDirectory] : [.. options.DataRoots],
            directory.Root,
            options.Gateway.SecretFile ?? directory.GatewaySecretFile,
            options.PostgresDatasets,
            options.MaxDatasetFiles);
    }

    /// <summary>The sources confined to <paramref name="roots"/> of a connector with the data directory <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="ConnectorConfigurationException">A root or the data directory does not exist or is not a directory.</exception>
    internal static DatasetSources Create(
        IReadOnlyList<string> roots, string dataDirectory, string gatewaySecretFile, string? postgresDatasets, int maxFiles = ParquetFolder.DefaultMaxFiles)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiles, 1);
        var data = Canonical(Path.GetFullPath(dataDirectory), "Connector:DataDirectory");

        // The one exception inside the data directory is its own datasets/ folder, and only when it is a directory
        // there, not a link to somewhere else in it (such as keys/).
        var datasets = Path.Join(data, "datasets");
        try
        {
            var datasetsDirectory = Directory.Exists(datasets) && string.Equals(DataFile.Resolve(datasets), datasets, StringComparison.Ordinal) ? datasets : null;
            string[] own = [.. OwnFolders.Select(folder => Path.Join(data, folder)).Where(Directory.Exists).Select(DataFile.Resolve)];
            var secret = Path.GetFullPath(gatewaySecretFile);
            string[] canonicalRoots = [.. roots.Select(root => Canonical(Path.GetFullPath(root), RootsSetting)).Distinct(StringComparer.Ordinal)];

            // A root inside the connector's own files would register nothing (every file in it is refused): say so at start.
            foreach (var root in canonicalRoots)
            {
                if ((DataFile.IsUnder(root, data) && (datasetsDirectory is null || !DataFile.IsUnder(root, datasetsDirectory)))
                    || own.Any(folder => DataFile.IsUnder(root, folder)))
                {
                    throw new ConnectorConfigurationException(
                        $"{RootsSetting}: '{root}' is inside the connector's data directory ('{data}'), which holds its keys, log and database; " +
                        "only its datasets/ folder may hold datasets");
                }
            }

            return new DatasetSources(
                canonicalRoots,
                data,
                datasetsDirectory,
                own,
                File.Exists(secret) ? DataFile.Resolve(secret) : secret,
                postgresDatasets,
                maxFiles);
        }
        catch (DataSourceException e)
        {
            throw new ConnectorConfigurationException($"Connector:DataDirectory '{data}' cannot be used: {e.Message}", e);
        }
    }

    /// <summary>
    /// Opens the dataset file at <paramref name="location"/> (an absolute path) if the rules allow it; the caller owns the file.
    /// </summary>
    /// <exception cref="DataSourceException">The location breaks a rule (the message names it) or cannot be read.</exception>
    public DataFile OpenFile(string location)
    {
        var resolved = Confine(location);
        try
        {
            return DataFile.Open(location, resolved);
        }
        catch (DataSourceException e)
        {
            throw new DataSourceException("location: " + e.Message, e);
        }
    }

    /// <summary>
    /// Whether <paramref name="location"/> names a directory once its links are followed: a folder of Parquet files to
    /// register with <see cref="OpenFolder"/>.
    /// </summary>
    public static bool IsFolder(string location) =>
        !string.IsNullOrWhiteSpace(location) && Path.IsPathFullyQualified(location) && Directory.Exists(location);

    /// <summary>
    /// Opens the folder dataset at <paramref name="location"/> (an absolute path) if the rules allow it: the folder itself
    /// under a data root and outside the connector's own files, its entries as <see cref="ParquetFolder.List"/> requires
    /// (at most <c>Connector:MaxDatasetFiles</c> files), and every file as <see cref="OpenFile"/> checks a single one. The
    /// caller owns the folder.
    /// </summary>
    /// <exception cref="DataSourceException">The folder or one of its entries breaks a rule (the message names it).</exception>
    public DatasetFolder OpenFolder(string location)
    {
        var resolved = Confine(location);
        ParquetFolderLayout layout;
        try
        {
            layout = ParquetFolder.List(resolved, _maxFiles, MaxFilesSetting);
        }
        catch (DataSourceException e)
        {
            throw new DataSourceException("location: " + e.Message, e);
        }

        var files = new List<DataFile>(layout.Parts.Count);
        try
        {
            foreach (var part in layout.Parts)
            {
                files.Add(OpenFile(part.Path));
            }
        }
        catch
        {
            files.ForEach(file => file.Dispose());
            throw;
        }

        return new DatasetFolder(layout, files);
    }

    /// <summary>The canonical path of <paramref name="location"/> once rules 1 to 3 of "Data roots" allow it.</summary>
    private string Confine(string location)
    {
        if (string.IsNullOrWhiteSpace(location) || !Path.IsPathFullyQualified(location))
        {
            throw new DataSourceException("location must be the absolute path of the dataset file on the connector's machine");
        }

        string resolved;
        try
        {
            resolved = DataFile.Resolve(location);
        }
        catch (DataSourceException e)
        {
            throw new DataSourceException("location: " + e.Message, e);
        }

        var shown = DataFile.Describe(location, resolved);
        if ((DataFile.IsUnder(resolved, _dataDirectory) && (_datasetsDirectory is null || !DataFile.IsUnder(resolved, _datasetsDirectory)))
            || _ownDirectories.Any(own => DataFile.IsUnder(resolved, own)))
        {
            throw new DataSourceException(
                $"location: {shown} is inside the connector's data directory ('{_dataDirectory}'), which holds its keys, log and database; " +
                "only its datasets/ folder may hold datasets");
        }

        if (string.Equals(resolved, _gatewaySecret, StringComparison.Ordinal))
        {
            throw new DataSourceException($"location: {shown} is the connector's gateway secret (Connector:Gateway:SecretFile)");
        }

        if (!Roots.Any(root => DataFile.IsUnder(resolved, root)))
        {
            throw new DataSourceException($"location: {shown} is not under a data root ({RootsSetting}: {string.Join(", ", Roots)})");
        }

        return resolved;
    }

    /// <summary>
    /// Opens a registered dataset to run a job: a file checked again by the rules, which must still be the very path
    /// registered (no link put in its place since), or a PostgreSQL table through the configured connection.
    /// </summary>
    /// <exception cref="DataSourceException">The file breaks a rule now, or cannot be read.</exception>
    /// <exception cref="DatasetChangedException">A file of a folder dataset was added, removed or changed since it was registered.</exception>
    public IDataSource Open(Dataset dataset, CancellationToken cancellationToken = default) => Open(dataset, hashFolder: true, cancellationToken);

    /// <summary>
    /// As <see cref="Open(Dataset, CancellationToken)"/>; with <paramref name="hashFolder"/> false a folder dataset's files are
    /// compared with the registered ones by path and size only, not hashed: for a job split into tasks, each of which hashes
    /// its own files again right before it reads them (docs/connector-service.md, "Tasks").
    /// </summary>
    public IDataSource Open(Dataset dataset, bool hashFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.PartsJson is not null)
        {
            return dataset.Format == DatasetFormat.Parquet
                ? OpenRegisteredFolder(dataset, hashFolder, cancellationToken)
                : throw new InvalidOperationException($"dataset {dataset.Id} has parts but is {dataset.Format}, not a Parquet folder");
        }

        var format = dataset.Format switch
        {
            DatasetFormat.Csv => DataFormat.Csv,
            DatasetFormat.Parquet => DataFormat.Parquet,
            DatasetFormat.ArrowIpc => DataFormat.ArrowIpc,
            _ => (DataFormat?)null,
        };
        if (format is null)
        {
            return PostgresTableSource.Open(
                _postgresDatasets ?? throw new DataSourceException("Connector:PostgresDatasets is not configured, so PostgreSQL table datasets cannot be read"),
                dataset.Location);
        }

        var file = OpenFile(dataset.Location);
        if (!string.Equals(file.Path, dataset.Location, StringComparison.Ordinal))
        {
            var now = file.Path;
            file.Dispose();
            throw new DataSourceException(
                $"location: the file of dataset '{dataset.Id}' was replaced since it was registered: '{dataset.Location}' now resolves to '{now}'");
        }

        return DataSources.Open(file, format.Value);
    }

    /// <summary>The canonical path of a configured directory, which must exist.</summary>
    private static string Canonical(string directory, string setting)
    {
        try
        {
            var resolved = DataFile.Resolve(directory);
            return Directory.Exists(resolved)
                ? resolved
                : throw new ConnectorConfigurationException($"{setting}: '{directory}' is not a directory");
        }
        catch (DataSourceException e)
        {
            throw new ConnectorConfigurationException($"{setting}: '{directory}' cannot be used: {e.Message}", e);
        }
    }
}
