using DataSpace.Connector.Data;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Model;
using DataSpace.Connector.Tests.Storage;
using DataSpace.Connector.Tests.Support;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Tests.Data;

/// <summary>
/// The data-root rules on the real file system (docs/connector-service.md, "Data roots"): a temp directory holds a
/// connector data directory (<c>data/</c>, with its key and gateway secret) and, by default, is the one data root, so
/// the root includes the data directory, as a careless configuration would.
/// </summary>
public sealed class DatasetSourcesTests : IDisposable
{
    private readonly TempDirectory _files = new();
    private readonly string _root;
    private readonly string _data;

    public DatasetSourcesTests()
    {
        _root = DataFile.Resolve(_files.Path);
        _data = Path.Combine(_root, "data");
        foreach (var folder in (string[])["keys", "log", "modules", "logs", "datasets"])
        {
            Directory.CreateDirectory(Path.Combine(_data, folder));
        }

        File.WriteAllText(Path.Combine(_data, "keys", "connector.key"), "-----BEGIN PRIVATE KEY-----\n");
        File.WriteAllText(Path.Combine(_data, "keys", "gateway.secret"), "secret\n");
        File.WriteAllText(Path.Combine(_data, "connector.db"), "SQLite format 3\n");
        File.WriteAllText(Path.Combine(_root, "tax.csv"), "n\n1\n");
    }

    public void Dispose() => _files.Dispose();

    private DatasetSources Sources(params string[] roots) =>
        DatasetSources.Create(roots.Length == 0 ? [_root] : roots, _data, Path.Combine(_data, "keys", "gateway.secret"), null);

    private static string Refusal(Action open) => Assert.Throws<DataSourceException>(open).Message;

    [Fact]
    public void Create_NoRootConfigured_TakesTheDatasetsFolderTheDataDirectoryCreates()
    {
        var directory = ConnectorDataDirectory.Open(_files.Combine("fresh"));

        var sources = DatasetSources.Create(new ConnectorOptions(), directory);

        Assert.Equal([Path.Combine(_root, "fresh", "datasets")], sources.Roots);
        File.WriteAllText(Path.Combine(directory.DatasetsDirectory, "tax.csv"), "n\n1\n");
        using var file = sources.OpenFile(Path.Combine(directory.DatasetsDirectory, "tax.csv"));
        Assert.Equal(Path.Combine(_root, "fresh", "datasets", "tax.csv"), file.Path);
    }

    [Fact]
    public void Create_MissingRoot_IsAConfigurationErrorNamingTheSetting()
    {
        var e = Assert.Throws<ConnectorConfigurationException>(() => Sources(_files.Combine("nowhere")));

        Assert.StartsWith("Connector:DataRoots: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("log")]
    [InlineData("")]
    public void Create_RootInsideTheConnectorsOwnFiles_IsAConfigurationErrorAtStart(string folder)
    {
        var root = Path.Combine(_data, folder).TrimEnd('/');

        var e = Assert.Throws<ConnectorConfigurationException>(() => Sources(root));

        Assert.Equal(
            $"Connector:DataRoots: '{root}' is inside the connector's data directory ('{_data}'), which holds its keys, log and database; only its datasets/ folder may hold datasets",
            e.Message);
    }

    [Fact]
    public void OpenFile_UnderARoot_Opens()
    {
        using var file = Sources().OpenFile(Path.Combine(_root, "tax.csv"));

        Assert.Equal(Path.Combine(_root, "tax.csv"), file.Path);
    }

    [Fact]
    public void OpenFile_OutsideEveryRoot_NamesTheRuleAndTheRoots()
    {
        var message = Refusal(() => Sources().OpenFile("/etc/passwd"));

        Assert.Equal($"location: '/etc/passwd' is not under a data root (Connector:DataRoots: {_root})", message);
    }

    [Theory]
    [InlineData("keys/connector.key")]
    [InlineData("keys/gateway.secret")]
    [InlineData("connector.db")]
    [InlineData("log")]
    public void OpenFile_TheConnectorsOwnFile_IsRefusedThoughTheRootIncludesIt(string file)
    {
        var message = Refusal(() => Sources().OpenFile(Path.Combine(_data, file)));

        Assert.StartsWith($"location: '{Path.Combine(_data, file)}' is inside the connector's data directory ('{_data}')", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys/connector.key")]
    [InlineData("keys/gateway.secret")]
    public void OpenFile_LinkUnderTheRootToTheConnectorsFile_IsRefused(string file)
    {
        var link = Path.Combine(_root, "innocent.csv");
        File.CreateSymbolicLink(link, Path.Combine(_data, file));

        var message = Refusal(() => Sources().OpenFile(link));

        Assert.StartsWith($"location: '{link}' (resolved: '{Path.Combine(_data, file)}') is inside the connector's data directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenFile_DatasetsFolderOfTheDataDirectory_Opens()
    {
        File.WriteAllText(Path.Combine(_data, "datasets", "tax.csv"), "n\n1\n");

        using var file = Sources(Path.Combine(_data, "datasets")).OpenFile(Path.Combine(_data, "datasets", "tax.csv"));

        Assert.Equal(Path.Combine(_data, "datasets", "tax.csv"), file.Path);
    }

    [Fact]
    public void OpenFile_DatasetsFolderLinkedToKeys_OpensNothingOfTheKeys()
    {
        Directory.Delete(Path.Combine(_data, "datasets"));
        Directory.CreateSymbolicLink(Path.Combine(_data, "datasets"), Path.Combine(_data, "keys"));

        var message = Refusal(() => Sources().OpenFile(Path.Combine(_data, "datasets", "connector.key")));

        Assert.Contains("is inside the connector's data directory", message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenFile_GatewaySecretKeptOutsideTheDataDirectory_IsRefused()
    {
        var secret = Path.Combine(_root, "gateway.secret");
        File.WriteAllText(secret, "secret\n");
        var sources = DatasetSources.Create([_root], _data, secret, null);

        var message = Refusal(() => sources.OpenFile(secret));

        Assert.Equal($"location: '{secret}' is the connector's gateway secret (Connector:Gateway:SecretFile)", message);
    }

    [Fact]
    public void OpenFile_RelativeLocation_IsRefused() =>
        Assert.Equal(
            "location must be the absolute path of the dataset file on the connector's machine",
            Refusal(() => Sources().OpenFile("tax.csv")));

    [Fact]
    public void Open_FileReplacedByALinkAfterRegistration_IsRefused()
    {
        // Registered as the canonical path; later someone puts a link to another file under the same root in its place.
        var sources = Sources();
        var registered = StoreSamples.Dataset("tax") with { Format = DatasetFormat.Csv, Location = Path.Combine(_root, "tax.csv") };
        File.WriteAllText(Path.Combine(_root, "other.csv"), "n\n2\n");
        File.Delete(registered.Location);
        File.CreateSymbolicLink(registered.Location, Path.Combine(_root, "other.csv"));

        var message = Refusal(() => sources.Open(registered));

        Assert.Equal(
            $"location: the file of dataset 'tax' was replaced since it was registered: '{registered.Location}' now resolves to '{Path.Combine(_root, "other.csv")}'",
            message);
    }

    [Fact]
    public void Open_FileReplacedByALinkToTheKeyAfterRegistration_IsRefusedByTheRules()
    {
        var sources = Sources();
        var registered = StoreSamples.Dataset("tax") with { Format = DatasetFormat.Csv, Location = Path.Combine(_root, "tax.csv") };
        File.Delete(registered.Location);
        File.CreateSymbolicLink(registered.Location, Path.Combine(_data, "keys", "connector.key"));

        var message = Refusal(() => sources.Open(registered));

        Assert.Contains("is inside the connector's data directory", message, StringComparison.Ordinal);
    }
}
