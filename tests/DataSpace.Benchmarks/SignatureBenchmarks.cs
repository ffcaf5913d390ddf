using BenchmarkDotNet.Attributes;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Benchmarks;

/// <summary>Signs and verifies of a 256-byte message per suite (a checkpoint note is about that size).</summary>
[MemoryDiagnoser]
[MedianColumn]
public class SignatureBenchmarks
{
    private readonly byte[] _message = new byte[256];
    private SigningKey _key = null!;
    private byte[] _signature = [];

    [Params("ed25519", "sm2", "p256")]
    public string Suite { get; set; } = "ed25519";

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_message);
        _key = SignatureSuites.Get(Suite).GenerateKey();
        _signature = _key.Sign(_message);
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark]
    public byte[] Sign() => _key.Sign(_message);

    [Benchmark]
    public bool Verify() => _key.PublicKey.Verify(_message, _signature);
}
