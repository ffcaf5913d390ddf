namespace DataSpace.Gateway.Tests.Support;

/// <summary>The system clock moved by a fixed amount: a client whose clock is wrong, or a request kept too long.</summary>
internal sealed class ShiftedTime(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
}
