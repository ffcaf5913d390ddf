using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Policy.State;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-storage-di-").FullName;

    [Fact]
    public async Task AddConnectorStorage_AfterThePolicy_ReplacesTheInMemoryLedger()
    {
        var services = new ServiceCollection().AddDataSpacePolicy();

        services.AddConnectorStorage(new StorageOptions { Engine = StorageEngine.Sqlite, DataDirectory = _directory });

        await using var provider = services.BuildServiceProvider();
        Assert.IsType<SqlUsageLedger>(provider.GetRequiredService<IUsageLedger>());
        Assert.Single(services, d => d.ServiceType == typeof(IUsageLedger));
    }

    [Fact]
    public async Task AddConnectorStorage_BeforeThePolicy_StillTheStoredLedger()
    {
        var services = new ServiceCollection()
            .AddConnectorStorage(new StorageOptions { Engine = StorageEngine.Sqlite, DataDirectory = _directory })
            .AddDataSpacePolicy();

        await using var provider = services.BuildServiceProvider();
        Assert.IsType<SqlUsageLedger>(provider.GetRequiredService<IUsageLedger>());
    }

    [Fact]
    public async Task AddConnectorStorage_Sqlite_StoreAndLedgerShareOneFile()
    {
        var services = new ServiceCollection()
            .AddConnectorStorage(new StorageOptions { Engine = StorageEngine.Sqlite, DataDirectory = _directory });
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IConnectorStore>();
        var ledger = provider.GetRequiredService<IUsageLedger>();

        await store.InitializeAsync(CancellationToken.None);
        await ledger.TryReserveUseAsync("urn:agreement:a", 1, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(_directory, StorageOptions.SqliteFileName)));
        Assert.Same(provider.GetRequiredService<StorageDatabase>(), provider.GetRequiredService<StorageDatabase>());
    }

    [Theory]
    [InlineData(StorageEngine.Sqlite)]
    [InlineData(StorageEngine.Postgres)]
    public void AddConnectorStorage_EngineWithoutItsSetting_Throws(StorageEngine engine)
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddConnectorStorage(new StorageOptions { Engine = engine }));

        Assert.Contains(engine == StorageEngine.Sqlite ? "DataDirectory" : "ConnectionString", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
