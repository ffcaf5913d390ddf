using DataSpace.Crypto.Signatures;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// The one directory that holds everything the connector writes (docs/connector-service.md, "Data directory"):
/// <c>keys/</c>, <c>log/</c>, <c>modules/</c>, <c>logs/</c> and <c>datasets/</c>, each created with mode 0700.
/// </summary>
public sealed class ConnectorDataDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private ConnectorDataDirectory(string root)
    {
        Root = root;
    }

    /// <summary>The data directory's full path.</summary>
    public string Root { get; }

    public string KeysDirectory => Path.Combine(Root, "keys");

    /// <summary>The connector's private key (PKCS#8 PEM, mode 0600; encrypted when DSC_KEY_PASSPHRASE is set).</summary>
    public string KeyFile => Path.Combine(KeysDirectory, "connector.key");

    /// <summary>The default secret shared with the gateway (<c>Connector:Gateway:SecretFile</c>).</summary>
    public string GatewaySecretFile => Path.Combine(KeysDirectory, "gateway.secret");

    /// <summary>The secret this connector's federation mask keys are derived from (docs/federation.md, "Keys"), made on first use.</summary>
    public string FederationSecretFile => Path.Combine(KeysDirectory, "federation.secret");

    /// <summary>The transparency log's directory.</summary>
    public string LogDirectory => Path.Combine(Root, "log");

    /// <summary>The sandbox's compiled-module cache.</summary>
    public string ModulesDirectory => Path.Combine(Root, "modules");

    /// <summary>The rolling JSON log files.</summary>
    public string LogsDirectory => Path.Combine(Root, "logs");

    /// <summary>
    /// The data root when <c>Connector:DataRoots</c> names none, and the one folder of the data directory a dataset
    /// file may be in (docs/connector-service.md, "Data roots").
    /// </summary>
    public string DatasetsDirectory => Path.Combine(Root, "datasets");

    /// <summary>True when this start created the data directory.</summary>
    public bool Created { get; private set; }

    /// <summary>True when this start generated the connector key.</summary>
    public bool KeyGenerated { get; private set; }

    /// <summary>True when the data directory already existed and is open to group or others (a warning is logged).</summary>
    public bool TooOpen { get; private set; }

    /// <summary>
    /// Creates the directory and its layout if missing (mode 0700) and checks it can be written.
    /// Failures are <see cref="ConnectorConfigurationException"/>s naming <c>Connector:DataDirectory</c>.
    /// </summary>
    internal static ConnectorDataDirectory Open(string configuredPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuredPath);
        var directory = new ConnectorDataDirectory(Path.GetFullPath(configuredPath));
        try
        {
            directory.Created = !Directory.Exists(directory.Root);
            CreateOwnerOnly(directory.Root);
            if (!OperatingSystem.IsWindows() && !directory.Created)
            {
                directory.TooOpen = (File.GetUnixFileMode(directory.Root) & GroupOrOther) != 0;
            }

            foreach (var child in (string[])[directory.KeysDirectory, directory.LogDirectory, directory.ModulesDirectory, directory.LogsDirectory, directory.DatasetsDirectory])
            {
                CreateOwnerOnly(child);
            }

            directory.ProbeWritable();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConnectorConfigurationException(
                $"{ConnectorOptions.SectionName}:DataDirectory '{directory.Root}' cannot be used: {exception.Message}", exception);
        }

        return directory;
    }

    /// <summary>Writes and deletes a probe file; throws when the directory cannot be written.</summary>
    internal void ProbeWritable()
    {
        var probe = Path.Combine(Root, $".probe-{Guid.NewGuid():N}");
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }
    }

    /// <summary>Bytes free to this process on the data directory's file system.</summary>
    internal long AvailableFreeBytes() => new DriveInfo(Root).AvailableFreeSpace;

    /// <summary>
    /// Loads the connector key, or generates one of <paramref name="suite"/> on first start (with its <c>.pub</c>).
    /// A key of another suite is refused: the suite is fixed once the key exists.
    /// </summary>
    internal SigningKey LoadOrCreateKey(ISignatureSuite suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        SigningKey key;
        try
        {
            if (File.Exists(KeyFile))
            {
                key = KeyFiles.LoadSigningKey(KeyFile);
            }
            else
            {
                key = suite.GenerateKey();
                KeyFiles.SaveSigningKey(key, KeyFile, Environment.GetEnvironmentVariable(KeyFiles.DefaultPassphraseVariable));
                File.WriteAllText(KeyFile + ".pub", key.PublicKey.ExportPem());
                KeyGenerated = true;
            }
        }
        catch (Exception exception) when (exception is KeyFormatException or IOException or UnauthorizedAccessException)
        {
            throw new ConnectorConfigurationException(
                $"{ConnectorOptions.SectionName}:DataDirectory: the connector key cannot be used: {exception.Message}", exception);
        }

        if (key.Suite.Name != suite.Name)
        {
            var existing = key.Suite.Name;
            key.Dispose();
            throw new ConnectorConfigurationException(
                $"{ConnectorOptions.SectionName}:SignatureSuite is '{suite.Name}' but the key {KeyFile} is '{existing}': "
                + "a connector's suite is fixed when its key is made");
        }

        return key;
    }

    /// <summary>
    /// Loads the secret shared with the gateway from <paramref name="configuredPath"/> (by default
    /// <see cref="GatewaySecretFile"/>), creating it on first start. Failures name <c>Connector:Gateway:SecretFile</c>.
    /// </summary>
    internal byte[] LoadOrCreateGatewaySecret(string? configuredPath)
    {
        var path = configuredPath is null ? GatewaySecretFile : Path.GetFullPath(configuredPath);
        try
        {
            return DataSpace.Crypto.HttpSignatures.GatewaySecretFile.LoadOrCreate(path);
        }
        catch (Exception exception) when (exception is DataSpace.Crypto.HttpSignatures.GatewaySecretException or IOException or UnauthorizedAccessException)
        {
            throw new ConnectorConfigurationException(
                $"{ConnectorOptions.SectionName}:Gateway:SecretFile: {exception.Message}", exception);
        }
    }

    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
    }
}
