using DataSpace.Sandbox.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The DI entry point of DataSpace.Sandbox.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="SandboxHost"/> for the process (its engine, epoch ticker and module cache are
    /// shared by all jobs), configured by <paramref name="options"/>, validated when first resolved.
    /// </summary>
    public static IServiceCollection AddDataSpaceSandbox(this IServiceCollection services, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);

        services.TryAddSingleton(options);
        services.TryAddSingleton(provider => new SandboxHost(
            provider.GetRequiredService<SandboxOptions>(),
            provider.GetService<ILogger<SandboxHost>>()));
        return services;
    }
}
