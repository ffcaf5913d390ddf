using System.Security.Cryptography;
using System.Text;
using DataSpace.Crypto.HttpSignatures;
using Microsoft.Extensions.Time.Testing;

namespace DataSpace.Crypto.Tests.HttpSignatures;

public sealed class GatewayAssertionTests
{
    private const string Method = "POST";
    private const string Target = "/api/v1/agreements?x=a%20b";
    private const string Party = "urn:party:operator";
    private const string KeyId = "key-1";
    private const string Digest = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_732_370_000);
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly string Nonce = "AAAAAAAAAAAAAAAAAAAAAA";

    private static string Header(byte[]? secret = null, long? created = null, string method = Method, string target = Target, string? digest = Digest) =>
        GatewayAssertion.Create(secret ?? Secret, method, target, Party, KeyId, created ?? Now.ToUnixTimeSeconds(), Nonce, digest);

    private static GatewayAssertionResult Check(
        string header, string method = Method, string target = Target, string? digest = Digest, INonceStore? nonces = null, DateTimeOffset? now = null) =>
        GatewayAssertion.Verify(Secret, header, method, target, digest, now ?? Now, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), nonces);

    [Fact]
    public void Create_WritesTheDictionaryOfTheContract()
    {
        var header = Header();

        Assert.StartsWith($"party=\"{Party}\", keyid=\"{KeyId}\", created=1732370000, nonce=\"{Nonce}\", mac=:", header, StringComparison.Ordinal);
        Assert.EndsWith(":", header, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeMac_IsHmacSha256OverTheEightLines()
    {
        var lines = string.Join("\n", "dsc-gateway/v1", Method, Target, Party, KeyId, "1732370000", Nonce, Digest);
        var expected = HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(lines));

        var header = Header();

        Assert.EndsWith($"mac=:{Convert.ToBase64String(expected)}:", header, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UntouchedAssertion_IsValid()
    {
        var result = Check(Header());

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(Party, result.Assertion!.Party);
        Assert.Equal(KeyId, result.Assertion.KeyId);
        Assert.False(result.Assertion.IsInternal);
    }

    [Fact]
    public void Verify_InternalCall_IsValidAndInternal()
    {
        var header = GatewayAssertion.Create(Secret, "GET", "/internal/v1/trust-list", "", "", Now.ToUnixTimeSeconds(), Nonce, null);

        var result = Check(header, "GET", "/internal/v1/trust-list", null);

        Assert.True(result.IsValid, result.Detail);
        Assert.True(result.Assertion!.IsInternal);
    }

    [Theory]
    [InlineData("party=\"urn:party:operator\"", "party=\"urn:party:supplier\"")]
    [InlineData("keyid=\"key-1\"", "keyid=\"key-2\"")]
    [InlineData("created=1732370000", "created=1732370001")]
    [InlineData("nonce=\"AAAAAAAAAAAAAAAAAAAAAA\"", "nonce=\"AAAAAAAAAAAAAAAAAAAAAB\"")]
    public void Verify_TamperedMember_IsMacInvalid(string original, string tampered)
    {
        var header = Header().Replace(original, tampered, StringComparison.Ordinal);

        var result = Check(header);

        Assert.Equal(GatewayAssertionFailure.MacInvalid, result.Failure);
    }

    [Fact]
    public void Verify_TamperedMac_IsMacInvalid()
    {
        var header = Header();
        var start = header.IndexOf("mac=:", StringComparison.Ordinal) + 5;
        var mac = Convert.FromBase64String(header[start..^1]);
        mac[0] ^= 1;

        var result = Check(header[..start] + Convert.ToBase64String(mac) + ":");

        Assert.Equal(GatewayAssertionFailure.MacInvalid, result.Failure);
    }

    [Theory]
    [InlineData("GET", Target, Digest)]
    [InlineData(Method, "/api/v1/agreements?x=a+b", Digest)]
    [InlineData(Method, "/api/v1/agreements", Digest)]
    [InlineData(Method, Target, "sha-256=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:")]
    [InlineData(Method, Target, null)]
    public void Verify_OtherRequest_IsMacInvalid(string method, string target, string? digest)
    {
        var result = Check(Header(), method, target, digest);

        Assert.Equal(GatewayAssertionFailure.MacInvalid, result.Failure);
    }

    [Fact]
    public void Verify_OtherSecret_IsMacInvalid()
    {
        var other = (byte[])Secret.Clone();
        other[31] ^= 0x80;

        var result = Check(Header(secret: other));

        Assert.Equal(GatewayAssertionFailure.MacInvalid, result.Failure);
    }

    [Fact]
    public void Verify_OlderThanMaxAgePlusSkew_IsTooOld()
    {
        var result = Check(Header(created: Now.ToUnixTimeSeconds() - 91));

        Assert.Equal(GatewayAssertionFailure.TooOld, result.Failure);
    }

    [Fact]
    public void Verify_WithinMaxAgePlusSkew_IsValid()
    {
        Assert.True(Check(Header(created: Now.ToUnixTimeSeconds() - 90)).IsValid);
    }

    [Fact]
    public void Verify_AheadByMoreThanSkew_IsCreatedInFuture()
    {
        var result = Check(Header(created: Now.ToUnixTimeSeconds() + 31));

        Assert.Equal(GatewayAssertionFailure.CreatedInFuture, result.Failure);
    }

    [Fact]
    public void Verify_SameNonceTwice_IsReplayed()
    {
        var nonces = new MemoryNonceStore(new FakeTimeProvider(Now));
        var header = Header();

        Assert.True(Check(header, nonces: nonces).IsValid);
        var second = Check(header, nonces: nonces);

        Assert.Equal(GatewayAssertionFailure.Replayed, second.Failure);
    }

    [Fact]
    public void Verify_RemembersTheNonceUnderThePrefixedKeyId()
    {
        var nonces = new MemoryNonceStore(new FakeTimeProvider(Now));

        Assert.True(Check(Header(), nonces: nonces).IsValid);

        Assert.False(nonces.TryRemember("gw:" + KeyId, Nonce, Now.AddMinutes(1)));
        Assert.True(nonces.TryRemember(KeyId, Nonce, Now.AddMinutes(1)));
    }

    [Fact]
    public void Verify_InvalidMac_DoesNotSpendTheNonce()
    {
        var nonces = new MemoryNonceStore(new FakeTimeProvider(Now));

        Assert.False(Check(Header(), method: "GET", nonces: nonces).IsValid);

        Assert.True(Check(Header(), nonces: nonces).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("party=\"a\"")]
    [InlineData("not a dictionary ((")]
    [InlineData("party=\"p\", keyid=\"k\", created=1, nonce=\"AAAAAAAAAAAAAAAAAAAAAA\", mac=:AAAA:")]
    [InlineData("party=\"p\", keyid=\"k\", created=1, nonce=\"short\", mac=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:")]
    [InlineData("party=\"p\", keyid=\"k\", created=\"1\", nonce=\"AAAAAAAAAAAAAAAAAAAAAA\", mac=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:")]
    [InlineData("party=\"p\", keyid=\"\", created=1, nonce=\"AAAAAAAAAAAAAAAAAAAAAA\", mac=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:")]
    [InlineData("party=\"p\", keyid=\"k\", created=1, nonce=\"AAAAAAAAAAAAAAAAAAAAAA\", mac=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:, role=\"Supplier\"")]
    [InlineData("party=\"p\";x, keyid=\"k\", created=1, nonce=\"AAAAAAAAAAAAAAAAAAAAAA\", mac=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=:")]
    public void Verify_MalformedHeader_IsMalformed(string header)
    {
        var result = Check(header);

        Assert.Equal(GatewayAssertionFailure.Malformed, result.Failure);
        Assert.Contains("Dsc-Gateway", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PartyWithQuote_RoundTripsEscaped()
    {
        var header = GatewayAssertion.Create(Secret, "GET", "/x", "urn:\"q\\", KeyId, Now.ToUnixTimeSeconds(), Nonce, null);

        var result = Check(header, "GET", "/x", null);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("urn:\"q\\", result.Assertion!.Party);
    }

    [Fact]
    public void Create_LongTarget_UsesThePooledBufferAndVerifies()
    {
        var target = "/api/v1/catalog?q=" + new string('a', 5000);
        var header = Header(target: target);

        Assert.True(Check(header, target: target).IsValid);
        Assert.False(Check(header, target: target + "a").IsValid);
    }
}
