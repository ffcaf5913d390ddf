using System.Diagnostics.CodeAnalysis;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Envelope;

/// <summary>The constructions by wire id and by the recipient key's suite.</summary>
internal static class EnvelopeConstructions
{
    public static IEnvelopeConstruction ForSuite(ISignatureSuite suite) => suite switch
    {
        Sm2Suite => Sm2Sm4GcmConstruction.Instance,
        Ed25519Suite => X25519Construction.Instance,
        P256Suite => P256Construction.Instance,
        _ => throw new ArgumentException($"no envelope construction for keys of suite '{suite.Name}'", nameof(suite)),
    };

    public static bool TryGet(int id, [NotNullWhen(true)] out IEnvelopeConstruction? construction)
    {
        construction = (EnvelopeConstruction)id switch
        {
            EnvelopeConstruction.Sm2Sm4Gcm => Sm2Sm4GcmConstruction.Instance,
            EnvelopeConstruction.X25519HkdfSha256Aes256Gcm => X25519Construction.Instance,
            EnvelopeConstruction.P256HkdfSha256Aes256Gcm => P256Construction.Instance,
            _ => null,
        };
        return construction is not null;
    }

    public static IEnvelopeConstruction Get(EnvelopeConstruction id) =>
        TryGet((int)id, out var construction) ? construction : throw new EnvelopeException($"unknown construction {(int)id}");
}
