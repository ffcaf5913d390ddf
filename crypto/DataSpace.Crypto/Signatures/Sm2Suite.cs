using DataSpace.Crypto.Digests;

namespace DataSpace.Crypto.Signatures;

/// <summary>SM2 signatures with SM3 and the default user id (GB/T 32918.2-2016, GM/T 0009-2012).</summary>
internal sealed class Sm2Suite : ISignatureSuite
{
    private Sm2Suite()
    {
    }

    public static Sm2Suite Instance { get; } = new();

    public string Name => "sm2";

    public DigestAlgorithm Digest => DigestAlgorithm.Sm3;

    public SigningKey GenerateKey() => Sm2SigningKey.Generate();

    public override string ToString() => Name;
}
