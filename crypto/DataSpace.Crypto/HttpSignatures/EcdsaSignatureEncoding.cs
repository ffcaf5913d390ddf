using System.Formats.Asn1;
using System.Numerics;

namespace DataSpace.Crypto.HttpSignatures;

/// <summary>
/// Converts P-256 ECDSA signatures between DER <c>SEQUENCE { r INTEGER, s INTEGER }</c> (RFC 3279 section 2.2.3),
/// which our suite produces, and the fixed 64-byte r || s that RFC 9421 section 3.3.4 puts on the wire.
/// </summary>
internal static class EcdsaSignatureEncoding
{
    public const int ScalarSize = 32;
    public const int FixedSize = 2 * ScalarSize;

    public static byte[] DerToFixed(ReadOnlySpan<byte> der)
    {
        var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        var r = sequence.ReadIntegerBytes().Span;
        var s = sequence.ReadIntegerBytes().Span;
        sequence.ThrowIfNotEmpty();
        reader.ThrowIfNotEmpty();
        var result = new byte[FixedSize];
        WriteScalar(r, result.AsSpan(0, ScalarSize));
        WriteScalar(s, result.AsSpan(ScalarSize, ScalarSize));
        return result;
    }

    public static bool TryFixedToDer(ReadOnlySpan<byte> signature, out byte[] der)
    {
        if (signature.Length != FixedSize)
        {
            der = [];
            return false;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(signature[..ScalarSize], isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(signature[ScalarSize..], isUnsigned: true, isBigEndian: true));
        }

        der = writer.Encode();
        return true;
    }

    private static void WriteScalar(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        // A DER INTEGER of a positive value may carry one leading 0x00 so that it does not read as negative.
        if (integer.Length > ScalarSize && integer[0] == 0)
        {
            integer = integer[1..];
        }

        if (integer.Length > ScalarSize)
        {
            throw new ArgumentException("ECDSA signature component is longer than 32 bytes");
        }

        integer.CopyTo(destination[(ScalarSize - integer.Length)..]);
    }
}
