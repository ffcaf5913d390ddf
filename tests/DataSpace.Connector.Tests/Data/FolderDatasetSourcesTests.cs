using DataSpace.Connector.Data;
using DataSpace.Connector.Model;
using DataSpace.Connector.Tests.Support;
using DataSpace.Sandbox.Data;

namespace DataSpace.Connector.Tests.Data;

/// <summary>
/// A folder of Parquet files under the data-root rules (docs/connector-service.md, "Data roots"; docs/sandbox-data.md,
/// "Partitioned Parquet folders"): the folder and each file checked as a single file is, and at run time the files
/// compared with the ones registered, a change named by its path inside the folder.
/// </summary>
public sealed class FolderDatasetSourcesTests : IDisposable
{
    private readonly TempDirectory _files = new();
    private readonly string _root;
    private readonly string _data;
    private readonly string _folder;

    public FolderDatasetSourcesTests()
    {
        _root = DataFile.Resolve(_files.Path);
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(Path.Combine(_data, "keys"));
        File.WriteAllText(Path.Combine(_data, "keys", "connector.key"), "-----BEGIN PRIVATE KEY-----\n");
        _folder = Path.Combine(_root, "tax");
        ParquetFolderFiles.WriteFolderAsync(_folder).GetAwaiter().GetResult();
    }

    public void Dispose() => _files.Dispose();

    private DatasetSources Sources(int maxFiles = 10_000) =>
        DatasetSources.Create([_root], _data, Path.Combine(_data, "keys", "gateway.secret"), null, maxFiles);

    /// <summary>The dataset record registration makes of the folder as it is now.</summary>
    private Dataset Registered()
    {
        using var folder = Sources().OpenFolder(_folder);
        var parts = folder.Hash(null, CancellationToken.None);
        return new Dataset
        {
            Id = "tax", Name = "Tax", Format = DatasetFormat.Parquet, Location = folder.Path, SchemaJson = "[]", RowCount = 600,
            ContentDigest = FolderDigest.Of(parts), ClassificationLevel = 1, RegisteredAt = DateTimeOffset.UnixEpoch, PartsJson = DatasetParts.Write(parts),
        };
    }

    [Fact]
    public void OpenFolder_HiveFolder_HashesToTheDigestComputedIndependently()
    {
        using var folder = Sources().OpenFolder(_folder);

        Assert.Equal(FolderDigest.Of(ParquetFolderFiles.Parts(_folder)), FolderDigest.Of(folder.Hash(null, CancellationToken.None)));
        Assert.Equal(["region"], folder.Layout.Keys);
    }

    [Fact]
    public void OpenFolder_LinkInsideTheFolderToAFileOutsideTheRoot_IsRefusedNamingIt()
    {
        using var outside = new TempDirectory();
        var target = outside.Combine("secret.parquet");
        File.Copy(Path.Combine(_folder, "region=11", "part-0.parquet"), target);
        var link = Path.Combine(_folder, "region=11", "part-9.parquet");
        File.CreateSymbolicLink(link, target);

        var e = Assert.Throws<DataSourceException>(() => Sources().OpenFolder(_folder));

        Assert.Equal($"location: '{link}' (resolved: '{DataFile.Resolve(target)}') is not under a data root (Connector:DataRoots: {_root})", e.Message);
    }

    [Fact]
    public void OpenFolder_TheConnectorsDataDirectory_IsRefused()
    {
        var e = Assert.Throws<DataSourceException>(() => Sources().OpenFolder(_data));

        Assert.StartsWith($"location: '{_data}' is inside the connector's data directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenFolder_MoreFilesThanConfigured_IsRefusedNamingTheSetting()
    {
        var e = Assert.Throws<DataSourceException>(() => Sources(maxFiles: 3).OpenFolder(_folder));

        Assert.Equal($"location: {_folder}: holds more than 3 Parquet files (Connector:MaxDatasetFiles)", e.Message);
    }

    [Fact]
    public async Task Open_AFileAddedSinceRegistration_FailsNamingIt()
    {
        var dataset = Registered();
        await ParquetFolderFiles.WriteRowsAsync(Path.Combine(_folder, "region=13", "part-1.parquet"), 5);

        var e = Assert.Throws<DatasetChangedException>(() => Sources().Open(dataset));

        Assert.Equal("dataset 'tax' changed since it was registered: 'region=13/part-1.parquet' was added to its folder", e.Message);
    }

    [Fact]
    public void Open_AFileRemovedSinceRegistration_FailsNamingIt()
    {
        var dataset = Registered();
        File.Delete(Path.Combine(_folder, "region=12", "part-1.parquet"));

        var e = Assert.Throws<DatasetChangedException>(() => Sources().Open(dataset));

        Assert.Equal("dataset 'tax' changed since it was registered: 'region=12/part-1.parquet' was removed from its folder", e.Message);
    }

    [Fact]
    public void Open_AFileRewrittenToTheSameSize_FailsNamingIt()
    {
        var dataset = Registered();
        var path = Path.Combine(_folder, "region=12", "part-0.parquet");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<DatasetChangedException>(() => Sources().Open(dataset));

        Assert.Equal("dataset 'tax' changed since it was registered: 'region=12/part-0.parquet' was changed (its digest is not the one registered)", e.Message);
    }

    [Fact]
    public void OpenBySizes_AFileWhoseFooterWasRewrittenToTheSameSize_FailsNamingIt_NotAsACorruptFile()
    {
        // The job's runner of a split job compares sizes only; the file then cannot be opened as Parquet, and the
        // refusal names the changed file rather than the Parquet error.
        var dataset = Registered();
        Flip("region=12/part-0.parquet", 0.999);

        var e = Assert.Throws<DatasetChangedException>(() => Sources().Open(dataset, hashFolder: false));

        Assert.Equal("dataset 'tax' changed since it was registered: 'region=12/part-0.parquet' was changed (its digest is not the one registered)", e.Message);
    }

    [Fact]
    public void OpenBySizes_AFileStillValidParquet_OpensAndIsLeftToTheTasksToHash()
    {
        var dataset = Registered();
        Flip("region=12/part-0.parquet", 0.5);

        using var source = Sources().Open(dataset, hashFolder: false);

        Assert.Equal(["taxpayer_id", "income", "tax", "region"], source.Schema.Columns.Select(c => c.Name));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void OpenParts_AFileRewrittenToTheSameSize_IsNamedByVerify_OrAtOnceWhenItCannotBeOpened(double at)
    {
        // In the middle the byte damages a page (the file still opens: the task reads it while Verify hashes it); near
        // the end it damages the footer (the file cannot be opened: OpenParts hashes it at once to say which file changed).
        var dataset = Registered();
        Flip("region=12/part-0.parquet", at);
        const string Expected = "dataset 'tax' changed since it was registered: 'region=12/part-0.parquet' was changed (its digest is not the one registered)";

        var e = Assert.Throws<DatasetChangedException>(() =>
        {
            using var parts = Sources().OpenParts(dataset, ["region=12/part-1.parquet", "region=12/part-0.parquet"]);
            Assert.Equal(0.5, at);
            parts.Verify(CancellationToken.None);
        });

        Assert.Equal(Expected, e.Message);
    }

    [Fact]
    public void OpenParts_Unchanged_VerifiesAndReadsOnlyItsFiles()
    {
        using var parts = Sources().OpenParts(Registered(), ["region=12/part-0.parquet"]);

        parts.Verify(CancellationToken.None);

        Assert.Equal(50, parts.Source.ReadBatches(["region"], 1000).Sum(b => b.Length));
    }

    private void Flip(string relativePath, double at)
    {
        var path = Path.Combine(_folder, relativePath);
        var bytes = File.ReadAllBytes(path);
        bytes[(int)(bytes.Length * at)] ^= 1;
        File.WriteAllBytes(path, bytes);
    }

    [Fact]
    public void Open_Unchanged_ReadsEveryRowWithTheRegion()
    {
        using var source = Sources().Open(Registered());

        var rows = source.ReadBatches(["region"], 1000).Sum(b => b.Length);

        Assert.Equal(600, rows);
        Assert.Equal(["taxpayer_id", "income", "tax", "region"], source.Schema.Columns.Select(c => c.Name));
    }
}
