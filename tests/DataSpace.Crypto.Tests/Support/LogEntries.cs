using DataSpace.Crypto.Log;

namespace DataSpace.Crypto.Tests.Support;

/// <summary>Entries for log tests.</summary>
public static class LogEntries
{
    public static LogEntry Make(string resource, string action = "test.append") => new()
    {
        When = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        Actor = "0123456789abcdef0123456789abcdef",
        Action = action,
        Resource = resource,
        Decision = "permit",
    };
}
