using System.Security.Cryptography;
using System.Text;

namespace DataSpace.Connector.Model;

/// <summary>
/// What a run's end held back from the operator and the data user, for the supplier only (docs/connector-service.md,
/// "Held details"): the detail of a failure or refusal (the value <c>dsc_run</c> returned, the rule the job broke and
/// how, the leak check's findings, what the job pulled) and the job's own <c>dsc_error</c> message. All of it may be
/// chosen by code that has seen the data, so the log entry of the end does not carry a digest of it (a digest of
/// a short text is brute-forced from its candidates): it carries <see cref="Binding"/>, an HMAC-SHA256 of the text
/// under <see cref="Key"/>, 256 random bits that only the store holds. Without the key the binding says nothing about
/// the text; with it, the supplier checks that the text is the one the entry was written for.
/// </summary>
public sealed record HeldDetail
{
    /// <summary>The length of <see cref="Key"/> in bytes (the HMAC-SHA256 block's worth of security, RFC 2104 section 3).</summary>
    public const int KeyBytes = 32;

    /// <summary>The prefix of <see cref="Binding"/>.</summary>
    public const string BindingPrefix = "hmac-sha256:";

    public required string JobId { get; init; }

    /// <summary>The held text (UTF-8 when bound).</summary>
    public required string Text { get; init; }

    /// <summary>The random HMAC key of this detail; never logged, never shown to anyone but the supplier.</summary>
    public required ReadOnlyMemory<byte> Key { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>hmac-sha256:</c> and the lowercase hex of HMAC-SHA256(<see cref="Key"/>, UTF-8 of <see cref="Text"/>) (RFC 2104).</summary>
    public string Binding => BindingPrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Key.Span, Encoding.UTF8.GetBytes(Text)));

    /// <summary>A new held detail of <paramref name="text"/> under a fresh random key.</summary>
    public static HeldDetail Create(string jobId, string text, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentNullException.ThrowIfNull(text);
        return new HeldDetail { JobId = jobId, Text = text, Key = RandomNumberGenerator.GetBytes(KeyBytes), CreatedAt = createdAt };
    }

    /// <summary>Whether <paramref name="binding"/> (as a log entry carries it) binds this text, compared in constant time.</summary>
    public bool Binds(string binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Binding), Encoding.ASCII.GetBytes(binding));
    }
}
