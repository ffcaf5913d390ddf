using System.Formats.Asn1;
using System.Numerics;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.Signatures;

/// <summary>
/// The SM2 signature example on the recommended curve sm2p256v1 (GM/T 0003.5-2012 / GB/T 32918.5-2017),
/// with the default user id "1234567812345678", as used in GmSSL's and BouncyCastle's own SM2 tests:
/// d = 3945208F..., M = "message digest", k = 59276E27..., published (r, s) below. The example fixes k, so
/// the published signature is verified and our own (random-k) signatures are checked to round-trip.
/// </summary>
public sealed class Sm2VectorTests
{
    private const string PrivateKey = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
    private const string PublicX = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
    private const string PublicY = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
    private const string R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
    private const string S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";
    private static readonly byte[] Message = "message digest"u8.ToArray();

    [Fact]
    public void PublicKey_StandardExamplePrivateKey_MatchesPublishedPoint()
    {
        using var key = Sm2SigningKey.Create(Convert.FromHexString(PrivateKey));

        Assert.Equal("04" + PublicX + PublicY, Convert.ToHexString(key.PublicKey.RawKey.Span));
    }

    [Fact]
    public void Verify_StandardExampleSignature_ReturnsTrue()
    {
        var key = Sm2PublicKey.Create(Convert.FromHexString("04" + PublicX + PublicY));

        Assert.True(key.Verify(Message, EncodeSignature(R, S)));
    }

    [Fact]
    public void Verify_StandardExampleSignatureOtherMessage_ReturnsFalse()
    {
        var key = Sm2PublicKey.Create(Convert.FromHexString("04" + PublicX + PublicY));

        Assert.False(key.Verify("message digesu"u8, EncodeSignature(R, S)));
    }

    [Fact]
    public void Sign_StandardExampleKey_RoundTripsAndDiffersEachTime()
    {
        using var key = Sm2SigningKey.Create(Convert.FromHexString(PrivateKey));

        var first = key.Sign(Message);
        var second = key.Sign(Message);

        Assert.True(key.PublicKey.Verify(Message, first));
        Assert.True(key.PublicKey.Verify(Message, second));
        Assert.NotEqual(first, second);
    }

    /// <summary>SM2Signature ::= SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009-2012 section 7.3).</summary>
    private static byte[] EncodeSignature(string r, string s)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(Convert.FromHexString(r), isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(Convert.FromHexString(s), isUnsigned: true, isBigEndian: true));
        }

        return writer.Encode();
    }
}
