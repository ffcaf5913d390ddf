using System.Buffers.Binary;
using System.Text.RegularExpressions;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Tests.Support;

namespace DataSpace.Crypto.Tests.Envelope;

/// <summary>Checks docs/crypto.md, "Envelope encryption": the wire format table and the worked examples.</summary>
public sealed partial class EnvelopeDocumentationTests
{
    [Theory]
    [InlineData("ed25519", 2, 32, 93)]
    [InlineData("sm2", 1, 113, 174)]
    [InlineData("p256", 3, 65, 126)]
    public void ToBytes_FreshEnvelope_HasDocumentedLayout(string suite, int constructionId, int encapsulatedKeySize, int totalSize)
    {
        using var key = SignatureSuites.Get(suite).GenerateKey();
        const int jobIdSize = 6;

        var envelope = Envelopes.Seal(key.PublicKey, "job-42", "hello"u8);
        var bytes = envelope.ToBytes();

        Assert.Equal(totalSize, bytes.Length);
        Assert.Equal(50 + jobIdSize + encapsulatedKeySize + 5, bytes.Length);
        Assert.Equal(1, bytes[0]);
        Assert.Equal(constructionId, bytes[1]);
        Assert.Equal(key.PublicKey.KeyId, Convert.ToHexStringLower(bytes.AsSpan(2, 16)));
        Assert.Equal(jobIdSize, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(18)));
        Assert.Equal("job-42"u8.ToArray(), bytes.AsSpan(20, jobIdSize).ToArray());
        Assert.Equal(encapsulatedKeySize, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(20 + jobIdSize)));
        Assert.Equal(envelope.EncapsulatedKey.ToArray(), bytes.AsSpan(22 + jobIdSize, encapsulatedKeySize).ToArray());
        Assert.Equal(envelope.Nonce.ToArray(), bytes.AsSpan(22 + jobIdSize + encapsulatedKeySize, 12).ToArray());
        Assert.Equal(envelope.Ciphertext.ToArray(), bytes.AsSpan(34 + jobIdSize + encapsulatedKeySize).ToArray());
        Assert.Equal(bytes.AsSpan(0, 34 + jobIdSize + encapsulatedKeySize).ToArray(), envelope.Header());
    }

    [Theory]
    [InlineData("ed25519", EnvelopeConstruction.X25519HkdfSha256Aes256Gcm)]
    [InlineData("sm2", EnvelopeConstruction.Sm2Sm4Gcm)]
    [InlineData("p256", EnvelopeConstruction.P256HkdfSha256Aes256Gcm)]
    public void Open_WorkedExampleFromDocs_ReturnsDocumentedPlaintext(string suite, EnvelopeConstruction construction)
    {
        var example = ReadExample(suite);
        using var key = SigningKey.ImportPkcs8Pem(PemPattern().Match(example).Value);
        var jobId = JobIdPattern().Match(example).Groups[1].Value;
        var plaintext = PlaintextPattern().Match(example).Groups[1].Value;
        var envelopeBytes = AssembleTable(example);

        var envelope = SealedEnvelope.Parse(envelopeBytes);

        Assert.Equal(suite, key.Suite.Name);
        Assert.Equal(construction, envelope.Construction);
        Assert.Equal(key.PublicKey.KeyId, envelope.RecipientKeyId);
        Assert.Equal(plaintext, System.Text.Encoding.UTF8.GetString(Envelopes.Open(key, jobId, envelope)));
    }

    /// <summary>Joins the table's hex cells, checking that each row starts where the last ended and has its length.</summary>
    private static byte[] AssembleTable(string example)
    {
        var bytes = new List<byte>();
        var rows = TableRowPattern().Matches(example);
        Assert.Equal(9, rows.Count);
        foreach (Match row in rows)
        {
            var field = Convert.FromHexString(row.Groups["hex"].Value);
            Assert.Equal(bytes.Count, int.Parse(row.Groups["offset"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(field.Length, int.Parse(row.Groups["length"].Value, System.Globalization.CultureInfo.InvariantCulture));
            bytes.AddRange(field);
        }

        var total = Regex.Match(example, @"The envelope, (\d+) bytes; the header \(the AAD\) is the first (\d+) bytes");
        Assert.Equal(bytes.Count, int.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        return [.. bytes];
    }

    private static string ReadExample(string suite)
    {
        var document = RepositoryDocs.Read("crypto.md");
        var heading = $"### Worked example: {suite}\n";
        var start = document.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/crypto.md has no '{heading.Trim()}'");
        var end = document.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? document[start..] : document[start..end];
    }

    [GeneratedRegex("-----BEGIN PRIVATE KEY-----.*?-----END PRIVATE KEY-----", RegexOptions.Singleline)]
    private static partial Regex PemPattern();

    [GeneratedRegex(@"^job id: (.+)$", RegexOptions.Multiline)]
    private static partial Regex JobIdPattern();

    [GeneratedRegex(@"^plaintext: (.+)$", RegexOptions.Multiline)]
    private static partial Regex PlaintextPattern();

    [GeneratedRegex(@"^\| (?<offset>\d+) \| (?<length>\d+) \| [^|]+ \| `(?<hex>[0-9a-f]+)` \|$", RegexOptions.Multiline)]
    private static partial Regex TableRowPattern();
}
