using DataSpace.Crypto.Log;

namespace DataSpace.Crypto.Tests.Log;

/// <summary>The worked example of docs/audit-log.md, section "Entries".</summary>
internal static class LogExamples
{
    public const string EntryJson =
        """{"action":"dataset.read","actor":"key:party-acme-01","decision":"permit","details":{"job":"job-42","reason":"monthly report"},"digests":{"query":"sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae","result":"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},"resource":"dataset/tax-2025","signature":"MEUCIQDx3mZl","when":"2026-11-23T09:15:00.123Z"}""";

    public const string LeafJson =
        """{"entry":""" + EntryJson + ""","index":0,"prev":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}""";

    /// <summary>base64 of SHA-256(0x00 || LeafJson): the "prev" of entry 1 (RFC 9162 section 2.1.1 leaf hash).</summary>
    public const string LeafHashBase64 = "yDDhk2Y0VYjhnhs+vJ8rxeDTSitcqlRKZk5axlorCM0=";

    public static LogEntry Entry => new()
    {
        When = new DateTimeOffset(2026, 11, 23, 10, 15, 0, 123, TimeSpan.FromHours(1)),
        Actor = "key:party-acme-01",
        Action = "dataset.read",
        Resource = "dataset/tax-2025",
        Decision = "permit",
        Digests = new Dictionary<string, string>
        {
            ["result"] = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ["query"] = "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        },
        Signature = "MEUCIQDx3mZl",
        Details = new Dictionary<string, string> { ["reason"] = "monthly report", ["job"] = "job-42" },
    };
}
