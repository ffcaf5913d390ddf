using System.Text;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.Crypto.Tests.Statements;

public sealed class SignedStatementTests
{
    private const string Approval = "dataspace/approval/v1";

    private static JsonObject Body() => new() { ["job"] = "j-1", ["module"] = "sha256:ab", ["approved"] = true };

    [Theory]
    [MemberData(nameof(Support.Suites.Names), MemberType = typeof(Support.Suites))]
    public void A_statement_verifies_with_its_signer_after_a_round_trip(string suite)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        var statement = SignedStatement.Sign(Approval, Body(), key);

        var parsed = SignedStatement.Parse(statement.ToCanonicalJson());

        Assert.True(parsed.Verify(key.PublicKey, Approval, out var error), error);
        Assert.Equal(key.PublicKey.KeyId, parsed.Signer);
        Assert.Equal(suite, parsed.Suite);
        Assert.Equal("j-1", (string)parsed.Body["job"]!);
        Assert.Equal(statement.ToString(), parsed.ToString());
    }

    [Fact]
    public void A_changed_body_type_key_or_suite_fails_with_the_reason()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        using var other = SignatureSuites.Ed25519.GenerateKey();
        using var p256 = SignatureSuites.P256.GenerateKey();
        var text = SignedStatement.Sign(Approval, Body(), key).ToString();

        var changed = SignedStatement.Parse(text.Replace("\"j-1\"", "\"j-2\"", StringComparison.Ordinal));
        Assert.False(changed.Verify(key.PublicKey, Approval, out var error));
        Assert.Equal("statement's signature does not verify", error);

        Assert.False(SignedStatement.Parse(text).Verify(key.PublicKey, "dataspace/agreement/v1", out error));
        Assert.Equal("statement is of type 'dataspace/approval/v1', not 'dataspace/agreement/v1'", error);

        Assert.False(SignedStatement.Parse(text).Verify(other.PublicKey, Approval, out error));
        Assert.StartsWith("statement was signed by key ", error, StringComparison.Ordinal);

        var retyped = SignedStatement.Parse(text.Replace("\"suite\":\"ed25519\"", "\"suite\":\"p256\"", StringComparison.Ordinal));
        Assert.False(retyped.Verify(key.PublicKey, Approval, out error));
        Assert.Contains("names suite 'p256'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_signature_is_domain_separated_from_a_plain_signature_of_the_same_json()
    {
        using var key = SignatureSuites.Ed25519.GenerateKey();
        var body = Body();
        var unsigned = new JsonObject { ["body"] = body.DeepClone(), ["signer"] = key.PublicKey.KeyId, ["suite"] = "ed25519", ["type"] = Approval };
        var plain = key.Sign(DataSpace.Crypto.Json.CanonicalJson.Serialize(unsigned));
        unsigned["signature"] = Convert.ToBase64String(plain);

        var forged = SignedStatement.Parse(unsigned.ToJsonString());

        Assert.False(forged.Verify(key.PublicKey, Approval, out _));
    }

    [Theory]
    [InlineData("[1]", "statement is not a JSON object")]
    [InlineData("{", "statement is not valid JSON")]
    [InlineData("""{"type":"t","signer":"k","suite":"ed25519","signature":"AA==","body":{},"extra":1}""", "unknown member 'extra'")]
    [InlineData("""{"type":"t","signer":"k","suite":"ed25519","signature":"AA=="}""", "'body' is missing or not an object")]
    [InlineData("""{"type":"t","signer":"k","suite":"ed25519","signature":"***","body":{}}""", "'signature' is not base64")]
    [InlineData("""{"type":"","signer":"k","suite":"ed25519","signature":"AA==","body":{}}""", "'type' is missing or not a non-empty string")]
    [InlineData("""{"type":"t","signer":7,"suite":"ed25519","signature":"AA==","body":{}}""", "'signer' is missing or not a non-empty string")]
    public void Malformed_statements_are_refused_naming_the_field(string json, string message)
    {
        var e = Assert.Throws<StatementException>(() => SignedStatement.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
