using System.Text.RegularExpressions;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Signatures;

/// <summary>Checks the worked example in docs/crypto.md against the code.</summary>
public sealed partial class CryptoDocTests
{
    [Fact]
    public void KeyIdsSection_WorkedExample_MatchesComputedKeyId()
    {
        var doc = RepositoryDocs.Read("crypto.md");
        var section = doc[doc.IndexOf("## Key ids", StringComparison.Ordinal)..];
        var pem = PemBlock().Match(section).Value;
        var documented = DocumentedKeyId().Match(section).Groups[1].Value;
        var documentedSpki = DocumentedSpki().Match(section).Groups[1].Value;

        var key = PublicKey.ImportPem(pem);

        Assert.Equal(documented, key.KeyId);
        Assert.Equal(documentedSpki, Convert.ToHexStringLower(key.SubjectPublicKeyInfo.Span));
        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(key.RawKey.Span));
    }

    [GeneratedRegex("-----BEGIN PUBLIC KEY-----[^-]+-----END PUBLIC KEY-----")]
    private static partial Regex PemBlock();

    [GeneratedRegex(@"- key id: `([0-9a-f]{32})`")]
    private static partial Regex DocumentedKeyId();

    [GeneratedRegex(@"DER \(44 bytes\):\s+`([0-9a-f]+)`")]
    private static partial Regex DocumentedSpki();
}
