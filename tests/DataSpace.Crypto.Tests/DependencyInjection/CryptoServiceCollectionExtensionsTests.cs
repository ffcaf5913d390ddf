using DataSpace.Crypto.Log;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataSpace.Crypto.Tests.DependencyInjection;

public sealed class CryptoServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task AddDataSpaceCrypto_WithKeyAndDirectory_ResolvesLogAndCheckpointer()
    {
        using var key = SignatureSuites.P256.GenerateKey();
        var services = new ServiceCollection()
            .AddSingleton(key)
            .AddDataSpaceCrypto()
            .Configure<LogOptions>(o => o.Directory = _temp.Combine("log"));
        await using var provider = services.BuildServiceProvider();

        var log = provider.GetRequiredService<ITransparencyLog>();
        await log.AppendAsync(LogEntries.Make("r"));
        var checkpointer = provider.GetRequiredService<Checkpointer>();

        Assert.Equal(1, checkpointer.SignNow().Checkpoint.Size);
        Assert.StartsWith("dataspace/" + key.PublicKey.KeyId, checkpointer.SignNow().Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDataSpaceCrypto_WithoutDirectory_FailsValidation()
    {
        await using var provider = new ServiceCollection().AddDataSpaceCrypto().BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ITransparencyLog>());
        Assert.Contains("Directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDataSpaceCrypto_NonceStore_IsOneMemoryNonceStoreOnTheRegisteredClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(60));
        await using var provider = new ServiceCollection().AddSingleton<TimeProvider>(time).AddDataSpaceCrypto().BuildServiceProvider();

        var store = provider.GetRequiredService<DataSpace.Crypto.HttpSignatures.INonceStore>();

        Assert.IsType<DataSpace.Crypto.HttpSignatures.MemoryNonceStore>(store);
        Assert.Same(store, provider.GetRequiredService<DataSpace.Crypto.HttpSignatures.INonceStore>());
        Assert.True(store.TryRemember("k", "n", time.GetUtcNow().AddMinutes(1)));
        Assert.False(store.TryRemember("k", "n", time.GetUtcNow().AddMinutes(1)));
    }

    public void Dispose() => _temp.Dispose();
}
