using DataSpace.Connector.Storage.Sql;

namespace DataSpace.Connector.Tests.Storage;

/// <summary>
/// The base of the storage contracts: each test gets its own empty database on the engine the derived class names,
/// and a store on it. The same tests run on SQLite and on PostgreSQL.
/// </summary>
public abstract class StorageContract : IAsyncLifetime
{
    private TestDatabase? _database;
    private SqlConnectorStore? _store;

    protected static CancellationToken Token => CancellationToken.None;

    internal TestDatabase Database => _database ?? throw new InvalidOperationException("the test has not been initialised");

    internal SqlConnectorStore Store => _store ?? throw new InvalidOperationException("the test has not been initialised");

    public Task InitializeAsync()
    {
        _database = CreateDatabase();
        _store = _database.OpenStore();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A fresh, empty database on the engine under test.</summary>
    internal abstract TestDatabase CreateDatabase();

    /// <summary>Starts <paramref name="count"/> calls on the thread pool behind one gate, so they reach the store together.</summary>
    protected static async Task<T[]> RunConcurrently<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count)
            .Select(i => Task.Run(async () =>
            {
                await gate.Task;
                return await call(i);
            }))
            .ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
