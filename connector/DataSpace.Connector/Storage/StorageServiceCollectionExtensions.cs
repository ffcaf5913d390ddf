using DataSpace.Connector.Storage;
using DataSpace.Connector.Storage.Sql;
using DataSpace.Policy.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The DI entry point of the connector's storage.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IConnectorStore"/> and a persistent <see cref="IUsageLedger"/> (replacing the policy's
    /// in-memory default, whether <c>AddDataSpacePolicy()</c> ran before or after) on the engine the options select.
    /// Both share one database; pending migrations run on first use, or at startup through
    /// <see cref="IConnectorStore.InitializeAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The options name no usable database.</exception>
    public static IServiceCollection AddConnectorStorage(this IServiceCollection services, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Options.Create(options));
        services.AddSingleton(provider => StorageDatabaseFactory.Create(
                    provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IConnectorStore>(provider => new SqlConnectorStore(provider.GetRequiredService<StorageDatabase>()));
        services.Replace(ServiceDescriptor.Singleton<IUsageLedger>(provider => new SqlUsageLedger(provider.GetRequiredService<StorageDatabase>())));
        return services;
    }
}
