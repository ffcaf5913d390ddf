namespace DataSpace.Crypto.Statements;

/// <summary>A signed statement or receipt is malformed; the message names the field.</summary>
public sealed class StatementException : Exception
{
    public StatementException()
    {
    }

    public StatementException(string message)
        : base(message)
    {
    }

    public StatementException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
