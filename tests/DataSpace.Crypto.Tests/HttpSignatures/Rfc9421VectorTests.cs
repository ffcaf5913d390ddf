using DataSpace.Crypto.HttpSignatures;
using DataSpace.Crypto.HttpSignatures.StructuredFields;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Crypto.Tests.HttpSignatures;

/// <summary>RFC 9421 Appendix B.2.6 (ed25519) and B.2.4 (ecdsa-p256-sha256) against our code.</summary>
public sealed class Rfc9421VectorTests
{
    private static VerificationPolicy RfcPolicy(string label) => new()
    {
        Now = Rfc9421TestData.CreatedTime,
        Label = label,
        RequiredComponents = [],
        RequireNonce = false,
        RequireAlgorithm = false,
    };

    [Fact]
    public void SignatureBase_B26_MatchesRfcText()
    {
        var input = ParseInput(Rfc9421TestData.B26SignatureInput, "sig-b26");

        var signatureBase = SignatureBase.TryBuild(Rfc9421TestData.Request(), input, out var missing);

        Assert.Null(missing);
        Assert.Equal(Rfc9421TestData.B26SignatureBase, signatureBase);
    }

    [Fact]
    public void Sign_B26WithTestKeyEd25519_ReproducesRfcSignature()
    {
        using var key = Rfc9421TestData.Ed25519SigningKey();
        var input = ParseInput(Rfc9421TestData.B26SignatureInput, "sig-b26");
        var signatureBase = SignatureBase.TryBuild(Rfc9421TestData.Request(), input, out _)!;

        var signature = HttpSignatureAlgorithms.Sign(key, SignatureBase.Encode(signatureBase));

        Assert.Equal(Rfc9421TestData.B26Signature, $"sig-b26=:{Convert.ToBase64String(signature)}:");
    }

    [Fact]
    public void Verify_B26RfcSignature_IsValid()
    {
        var request = Rfc9421TestData.Request()
            .AddHeader("Signature-Input", Rfc9421TestData.B26SignatureInput)
            .AddHeader("Signature", Rfc9421TestData.B26Signature);

        var result = HttpMessageVerifier.Verify(request, KeyNamed("test-key-ed25519", Rfc9421TestData.Ed25519PublicKey()), RfcPolicy("sig-b26"));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("test-key-ed25519", result.KeyId);
        Assert.Equal(Rfc9421TestData.CreatedTime, result.Created);
        Assert.Equal(["date", "@method", "@path", "@authority", "content-type", "content-length"], result.CoveredComponents);
    }

    [Fact]
    public void Verify_B26WithAlteredDate_IsInvalid()
    {
        var request = Rfc9421TestData.Request();
        request.RemoveHeader("Date");
        request.AddHeader("Date", "Tue, 20 Apr 2021 02:07:56 GMT")
            .AddHeader("Signature-Input", Rfc9421TestData.B26SignatureInput)
            .AddHeader("Signature", Rfc9421TestData.B26Signature);

        var result = HttpMessageVerifier.Verify(request, KeyNamed("test-key-ed25519", Rfc9421TestData.Ed25519PublicKey()), RfcPolicy("sig-b26"));

        Assert.Equal(HttpSignatureFailure.SignatureInvalid, result.Failure);
    }

    [Fact]
    public void SignAndVerify_TestKeyEd25519OverTestRequest_RoundTrips()
    {
        using var key = Rfc9421TestData.Ed25519SigningKey();
        var request = Rfc9421TestData.Request().SetContent(Rfc9421TestData.RequestBody);
        var headers = HttpMessageSigner.Sign(request, key, new SignatureParameters
        {
            CoveredComponents = ["@method", "@target-uri", "content-digest", "content-type"],
            Created = Rfc9421TestData.CreatedTime,
            Nonce = "n-1",
        });
        request.AddHeader("Signature-Input", headers.SignatureInput).AddHeader("Signature", headers.Signature);

        var result = HttpMessageVerifier.Verify(request, KeyNamed(key.PublicKey.KeyId, key.PublicKey), new VerificationPolicy { Now = Rfc9421TestData.CreatedTime });

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(key.PublicKey.KeyId, result.KeyId);
        Assert.Equal("n-1", result.Nonce);
    }

    [Fact]
    public void Verify_B24RfcEcdsaSignatureOfTestResponse_IsValid()
    {
        var response = Rfc9421TestData.Response()
            .AddHeader("Signature-Input", Rfc9421TestData.B24SignatureInput)
            .AddHeader("Signature", Rfc9421TestData.B24Signature);

        var result = HttpMessageVerifier.Verify(response, KeyNamed("test-key-ecc-p256", Rfc9421TestData.EccP256PublicKey()), RfcPolicy("sig-b24"));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("sig-b24", result.Label);
    }

    [Fact]
    public void Verify_B24WithAlteredStatus_IsInvalid()
    {
        var response = HttpMessageComponents.ForResponse(201).SetContent(Rfc9421TestData.ResponseBody);
        foreach (var name in Rfc9421TestData.Response().HeaderNames)
        {
            response.AddHeader(name, Rfc9421TestData.Response().GetHeaderValues(name)[0]);
        }

        response.AddHeader("Signature-Input", Rfc9421TestData.B24SignatureInput).AddHeader("Signature", Rfc9421TestData.B24Signature);

        var result = HttpMessageVerifier.Verify(response, KeyNamed("test-key-ecc-p256", Rfc9421TestData.EccP256PublicKey()), RfcPolicy("sig-b24"));

        Assert.Equal(HttpSignatureFailure.SignatureInvalid, result.Failure);
    }

    [Fact]
    public void Verify_B24SignatureAsDer_IsInvalid()
    {
        // RFC 9421 section 3.3.4 puts the raw r || s on the wire; the same signature in DER must not verify.
        var raw = Convert.FromBase64String(Rfc9421TestData.B24Signature["sig-b24=:".Length..^1]);
        Assert.True(EcdsaSignatureEncoding.TryFixedToDer(raw, out var der));
        var response = Rfc9421TestData.Response()
            .AddHeader("Signature-Input", Rfc9421TestData.B24SignatureInput)
            .AddHeader("Signature", $"sig-b24=:{Convert.ToBase64String(der)}:");

        var result = HttpMessageVerifier.Verify(response, KeyNamed("test-key-ecc-p256", Rfc9421TestData.EccP256PublicKey()), RfcPolicy("sig-b24"));

        Assert.Equal(HttpSignatureFailure.SignatureInvalid, result.Failure);
    }

    [Fact]
    public void EcdsaEncoding_FixedToDerAndBack_RoundTrips()
    {
        var raw = Convert.FromBase64String(Rfc9421TestData.B24Signature["sig-b24=:".Length..^1]);

        Assert.True(EcdsaSignatureEncoding.TryFixedToDer(raw, out var der));
        Assert.Equal(raw, EcdsaSignatureEncoding.DerToFixed(der));
    }

    internal static Func<string, PublicKey?> KeyNamed(string keyId, PublicKey key) => id => id == keyId ? key : null;

    private static SignatureInput ParseInput(string field, string label)
    {
        var members = SfParser.ParseDictionary(field, "Signature-Input");
        return SignatureInput.FromMember(label, members.Single(m => m.Key == label).Value);
    }
}
