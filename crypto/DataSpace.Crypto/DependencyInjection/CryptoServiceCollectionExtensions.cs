using DataSpace.Crypto.Checkpoints;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the transparency log and its checkpointer.</summary>
public static class CryptoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the file-backed <see cref="ITransparencyLog"/> (configured through <see cref="LogOptions"/>) and a
    /// <see cref="Checkpointer"/> that signs with the registered <see cref="SigningKey"/>, and a
    /// <see cref="MemoryNonceStore"/> as the replaceable <see cref="INonceStore"/> for HTTP signature verification.
    /// </summary>
    public static IServiceCollection AddDataSpaceCrypto(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INonceStore>(sp => new MemoryNonceStore(sp.GetRequiredService<TimeProvider>()));
        services.AddOptions<LogOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.Directory), "LogOptions.Directory must name the log's folder")
            .Validate(o => o.CheckpointInterval > TimeSpan.Zero, "LogOptions.CheckpointInterval must be positive")
            .Validate(o => o.MaxEntryBytes is > 0 and <= 1 << 20, "LogOptions.MaxEntryBytes must be between 1 and 1 MiB")
            .Validate(o => o.Origin is null || NoteKeys.IsValidName(o.Origin), "LogOptions.Origin must be non-empty, without spaces or '+'")
            .ValidateOnStart();
        services.TryAddSingleton(sp => TransparencyLog.Open(
            sp.GetRequiredService<IOptions<LogOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger("DataSpace.Crypto.Log")));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LogOptions>>().Value;
            var key = sp.GetRequiredService<SigningKey>();
            return new Checkpointer(
                sp.GetRequiredService<ITransparencyLog>(),
                key,
                options.Origin ?? CheckpointNote.DefaultOrigin(key.PublicKey),
                Path.Combine(options.Directory, "checkpoint"),
                options.CheckpointInterval,
                sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
