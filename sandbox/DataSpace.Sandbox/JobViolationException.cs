namespace DataSpace.Sandbox;

/// <summary>
/// A job broke a rule of the sandbox: a call its output kind does not allow, a column it was not
/// granted, a value that cannot be accepted. The job stops and fails with <see cref="Exception.Message"/>
/// as its reason; nothing it produced is released.
/// </summary>
public sealed class JobViolationException : Exception
{
    public JobViolationException()
    {
    }

    public JobViolationException(string message)
        : base(message)
    {
    }

    public JobViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
