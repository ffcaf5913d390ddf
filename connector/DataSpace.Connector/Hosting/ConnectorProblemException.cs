namespace DataSpace.Connector.Hosting;

/// <summary>
/// An error the API edge turns into an RFC 9457 problem details response with exactly this status, title,
/// detail and type. Use it for expected refusals deep in a request; handlers should prefer returning
/// <c>TypedResults.Problem</c> directly.
/// </summary>
public class ConnectorProblemException : Exception
{
    public ConnectorProblemException(int status, string title, string detail, Uri? type = null)
        : base(detail)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        ArgumentNullException.ThrowIfNull(detail);
        Status = status;
        Title = title;
        Detail = detail;
        Type = type;
    }

    /// <summary>The HTTP status code, 400 to 599.</summary>
    public int Status { get; }

    /// <summary>A short, human-readable summary of the problem type.</summary>
    public string Title { get; }

    /// <summary>What went wrong in this occurrence; shown to the client, so it must not hold secrets or data values.</summary>
    public string Detail { get; }

    /// <summary>A URI identifying the problem type; null leaves the default for the status code.</summary>
    public Uri? Type { get; }
}
