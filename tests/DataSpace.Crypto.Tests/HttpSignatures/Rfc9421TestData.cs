using System.Text;
using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>The keys and messages of RFC 9421 Appendix B.1 and B.2, as printed there.</summary>
internal static class Rfc9421TestData
{
    public const long Created = 1618884473;

    /// <summary>RFC 9421 B.1.3 <c>test-key-ecc-p256</c>, public half.</summary>
    public const string EccP256PublicPem = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf
        w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
        -----END PUBLIC KEY-----
        """;

    /// <summary>RFC 9421 B.1.4 <c>test-key-ed25519</c>, public half.</summary>
    public const string Ed25519PublicPem = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=
        -----END PUBLIC KEY-----
        """;

    /// <summary>RFC 9421 B.1.4 <c>test-key-ed25519</c>, private half (PKCS#8).</summary>
    public const string Ed25519PrivatePem = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
        -----END PRIVATE KEY-----
        """;

    /// <summary>RFC 9421 B.2.6: the Signature-Input and Signature of the ed25519 example.</summary>
    public const string B26SignatureInput =
        "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";

    public const string B26Signature =
        "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";

    /// <summary>RFC 9421 B.2.6: the signature base, LF-separated, no final LF.</summary>
    public const string B26SignatureBase =
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
        + "\"@method\": POST\n"
        + "\"@path\": /foo\n"
        + "\"@authority\": example.com\n"
        + "\"content-type\": application/json\n"
        + "\"content-length\": 18\n"
        + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";

    /// <summary>RFC 9421 B.2.4: the ecdsa-p256-sha256 signature of the test response.</summary>
    public const string B24SignatureInput =
        "sig-b24=(\"@status\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";

    public const string B24Signature =
        "sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==:";

    public static readonly DateTimeOffset CreatedTime = DateTimeOffset.FromUnixTimeSeconds(Created);

    public static byte[] RequestBody => Encoding.ASCII.GetBytes("{\"hello\": \"world\"}");

    public static byte[] ResponseBody => Encoding.ASCII.GetBytes("{\"message\": \"good dog\"}");

    /// <summary>The RFC 9421 B.2 <c>test-request</c>, without signature fields.</summary>
    public static HttpMessageComponents Request() =>
        HttpMessageComponents.ForRequest("POST", new Uri("https://example.com/foo?param=Value&Pet=dog"))
            .AddHeader("Host", "example.com")
            .AddHeader("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
            .AddHeader("Content-Type", "application/json")
            .AddHeader("Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:")
            .AddHeader("Content-Length", "18");

    /// <summary>The RFC 9421 B.2 <c>test-response</c>, with its content, without signature fields.</summary>
    public static HttpMessageComponents Response() =>
        HttpMessageComponents.ForResponse(200)
            .SetContent(ResponseBody)
            .AddHeader("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
            .AddHeader("Content-Type", "application/json")
            .AddHeader("Content-Digest", "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:")
            .AddHeader("Content-Length", "23");

    public static PublicKey Ed25519PublicKey() => PublicKey.ImportPem(Ed25519PublicPem);

    public static PublicKey EccP256PublicKey() => PublicKey.ImportPem(EccP256PublicPem);

    public static SigningKey Ed25519SigningKey() => SigningKey.ImportPkcs8Pem(Ed25519PrivatePem);
}
