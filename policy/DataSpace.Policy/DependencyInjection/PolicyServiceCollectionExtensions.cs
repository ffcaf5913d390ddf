using DataSpace.Policy.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The DI entry point of DataSpace.Policy.</summary>
public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the policy services with replaceable defaults: the in-memory <see cref="IUsageLedger"/> (the connector
    /// registers a persistent one first to replace it) and <see cref="TimeProvider.System"/>.
    /// </summary>
    public static IServiceCollection AddDataSpacePolicy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton<IUsageLedger, InMemoryUsageLedger>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
