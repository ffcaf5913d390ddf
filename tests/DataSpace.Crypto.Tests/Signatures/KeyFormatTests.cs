using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Signatures;

public sealed class KeyFormatTests
{
    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n")]
    public void ImportPkcs8Pem_Garbage_ThrowsNotAPemPrivateKey(string pem)
    {
        var exception = Assert.Throws<KeyFormatException>(() => SigningKey.ImportPkcs8Pem(pem));

        Assert.StartsWith("not a PEM private key", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportPkcs8Pem_PublicKeyPem_ThrowsNamingTheLabelFound()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();

        var exception = Assert.Throws<KeyFormatException>(() => SigningKey.ImportPkcs8Pem(key.PublicKey.ExportPem()));

        Assert.Contains("found 'PUBLIC KEY'", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void ImportPkcs8Pem_WrongPassphrase_Throws(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var pem = key.ExportPkcs8Pem("right");

        var exception = Assert.Throws<KeyFormatException>(() => SigningKey.ImportPkcs8Pem(pem, "wrong"));

        Assert.Equal("wrong passphrase or corrupt key", exception.Message);
    }

    [Fact]
    public void ImportPkcs8Pem_EncryptedWithoutPassphrase_Throws()
    {
        using var key = SignatureSuites.Sm2.GenerateKey();
        var pem = key.ExportPkcs8Pem("secret");

        var exception = Assert.Throws<KeyFormatException>(() => SigningKey.ImportPkcs8Pem(pem));

        Assert.Equal("encrypted key needs a passphrase", exception.Message);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void ImportPkcs8Pem_TruncatedDer_ThrowsMalformed(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var der = Convert.FromBase64String(string.Concat(key.ExportPkcs8Pem().Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        var truncated = Pem("PRIVATE KEY", der[..^5]);

        var exception = Assert.Throws<KeyFormatException>(() => SigningKey.ImportPkcs8Pem(truncated));

        Assert.Contains("malformed private key DER", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Suites.Names), MemberType = typeof(Suites))]
    public void ImportSubjectPublicKeyInfo_TruncatedDer_ThrowsMalformed(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var der = key.PublicKey.SubjectPublicKeyInfo.ToArray();

        var exception = Assert.Throws<KeyFormatException>(() => PublicKey.ImportSubjectPublicKeyInfo(der.AsSpan(0, der.Length - 1)));

        Assert.Contains("malformed public key DER", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sm2")]
    [InlineData("p256")]
    public void ImportSubjectPublicKeyInfo_PointNotOnCurve_Throws(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var der = key.PublicKey.SubjectPublicKeyInfo.ToArray();
        der[^1] ^= 0x01;

        var exception = Assert.Throws<KeyFormatException>(() => PublicKey.ImportSubjectPublicKeyInfo(der));

        Assert.Contains("not a point on the", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportSubjectPublicKeyInfo_UnknownAlgorithm_ThrowsNamingTheOid()
    {
        // SEQUENCE { SEQUENCE { OID 1.2.3 }, BIT STRING 00 01 }
        var der = Convert.FromHexString("300a30040602 2a03 0302 0001".Replace(" ", string.Empty, StringComparison.Ordinal));

        var exception = Assert.Throws<KeyFormatException>(() => PublicKey.ImportSubjectPublicKeyInfo(der));

        Assert.Equal("unsupported algorithm OID 1.2.3", exception.Message);
    }

    [Fact]
    public void ImportPem_RsaKeyFromOpenSsl_ThrowsUnsupportedAlgorithm()
    {
        using var directory = new TempDirectory();
        OpenSsl.RunChecked(directory.Path, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "rsa.key");
        OpenSsl.RunChecked(directory.Path, "pkey", "-in", "rsa.key", "-pubout", "-out", "rsa.pub");

        var privateError = Assert.Throws<KeyFormatException>(() => SigningKey.ImportPkcs8Pem(File.ReadAllText(directory.File("rsa.key"))));
        var publicError = Assert.Throws<KeyFormatException>(() => PublicKey.ImportPem(File.ReadAllText(directory.File("rsa.pub"))));

        Assert.Equal("unsupported algorithm OID 1.2.840.113549.1.1.1", privateError.Message);
        Assert.Equal("unsupported algorithm OID 1.2.840.113549.1.1.1", publicError.Message);
    }

    [Fact]
    public void ImportPkcs8Pem_P384KeyFromOpenSsl_ThrowsCurveNotSupported()
    {
        using var directory = new TempDirectory();
        OpenSsl.RunChecked(directory.Path, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.key");

        var exception = Assert.Throws<KeyFormatException>(() => SigningKey.ImportPkcs8Pem(File.ReadAllText(directory.File("p384.key"))));

        Assert.Equal("curve is not P-256 or SM2: curve OID 1.3.132.0.34", exception.Message);
    }

    private static string Pem(string label, byte[] der) =>
        $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n";
}
