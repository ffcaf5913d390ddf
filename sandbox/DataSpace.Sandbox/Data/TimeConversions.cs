namespace DataSpace.Sandbox.Data;

/// <summary>Conversions of timestamps and dates to the ABI's representations, rounding towards negative infinity.</summary>
internal static class TimeConversions
{
    public const long MillisecondsPerDay = 86_400_000;

    /// <summary>Floor division, so that instants before 1970 round down (to the earlier day or microsecond).</summary>
    public static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor) < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Microseconds since 1970-01-01T00:00:00Z. Local times are converted to UTC; unspecified ones are taken as UTC.</summary>
    public static long ToUnixMicroseconds(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local)
        {
            value = value.ToUniversalTime();
        }

        return FloorDivide(value.Ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMicrosecond);
    }
}
