using Org.BouncyCastle.Crypto.Parameters;

namespace DataSpace.Crypto.Signatures;

/// <summary>An SM2 public key on sm2p256v1, verified with BouncyCastle's SM2Signer.</summary>
internal sealed class Sm2PublicKey : PublicKey
{
    private readonly byte[] _point;

    private Sm2PublicKey(byte[] point, ECPublicKeyParameters parameters)
        : base(KeyEncoding.EncodeSubjectPublicKeyInfo(Sm2Suite.Instance, point))
    {
        _point = point;
        Parameters = parameters;
    }

    public override ISignatureSuite Suite => Sm2Suite.Instance;

    public override ReadOnlyMemory<byte> RawKey => _point;

    /// <summary>The BouncyCastle key, for constructions in this assembly (envelope encryption).</summary>
    internal ECPublicKeyParameters Parameters { get; }

    public static Sm2PublicKey Create(ReadOnlySpan<byte> point)
    {
        var q = Sm2Curve.DecodePoint(point);
        return new Sm2PublicKey(point.ToArray(), new ECPublicKeyParameters(q, Sm2Curve.Domain));
    }

    internal static Sm2PublicKey FromParameters(ECPublicKeyParameters parameters) =>
        new(parameters.Q.GetEncoded(false), parameters);

    public override bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        // GB/T 32918.2-2016 section 7: e = SM3(Z_A || M), then the (r, s) checks.
        try
        {
            var signer = Sm2Curve.CreateSigner(forSigning: false, Parameters);
            signer.BlockUpdate(message);
            return signer.VerifySignature(signature.ToArray());
        }
        catch (Exception)
        {
            // Malformed DER and out-of-range integers are wrong signatures, not errors.
            return false;
        }
    }
}
