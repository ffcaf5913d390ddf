using System.Formats.Asn1;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Envelope;

/// <summary>The SM2 key transport against OpenSSL 3, which reads C1C3C2 in the DER form of GM/T 0009 section 7.2.</summary>
public sealed class Sm2OpenSslInteropTests
{
    private const int CoordinateSize = 32;
    private const int HashSize = 32;

    [Fact]
    public void Encapsulate_Sm2Recipient_OpenSslDecryptsC1C3C2ToContentKey()
    {
        using var directory = new TempDirectory();
        using var key = SignatureSuites.Sm2.GenerateKey();
        File.WriteAllText(directory.File("key.pem"), key.ExportPkcs8Pem());
        var contentKey = new byte[16];

        var encapsulated = Sm2Sm4GcmConstruction.Instance.Encapsulate(key.PublicKey, contentKey);
        File.WriteAllBytes(directory.File("ct.der"), ToGmT0009Der(encapsulated));
        OpenSsl.RunChecked(directory.Path, "pkeyutl", "-decrypt", "-inkey", "key.pem", "-in", "ct.der", "-out", "pt.bin");

        Assert.Equal(Convert.ToHexString(contentKey), Convert.ToHexString(File.ReadAllBytes(directory.File("pt.bin"))));
    }

    /// <summary>SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING (C3), ciphertext OCTET STRING (C2) }.</summary>
    private static byte[] ToGmT0009Der(ReadOnlySpan<byte> c1c3c2)
    {
        Assert.Equal(0x04, c1c3c2[0]);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(c1c3c2.Slice(1, CoordinateSize)));
            writer.WriteIntegerUnsigned(Minimal(c1c3c2.Slice(1 + CoordinateSize, CoordinateSize)));
            writer.WriteOctetString(c1c3c2.Slice(1 + (2 * CoordinateSize), HashSize));
            writer.WriteOctetString(c1c3c2[(1 + (2 * CoordinateSize) + HashSize)..]);
        }

        return writer.Encode();
    }

    /// <summary>DER integers carry no leading zero bytes; a coordinate starts with one about 1 time in 256.</summary>
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> unsigned)
    {
        var start = unsigned.IndexOfAnyExcept((byte)0);
        return start < 0 ? unsigned[^1..] : unsigned[start..];
    }
}
