using Serilog;
using Serilog.Context;

namespace DataSpace.Connector.Hosting;

/// <summary>
/// Adds the party, job and agreement ids of a request to its log events: to every event logged inside the
/// returned scope and to the request's completion event. The connector does this by itself for route values
/// named <c>jobId</c> and <c>agreementId</c> and for a <see cref="PartyIdClaim"/> claim on the request's user;
/// code that learns an id another way (such as request authentication) calls <see cref="Push"/> around the rest
/// of the request.
/// </summary>
public static class ConnectorLogScope
{
    public const string PartyIdProperty = "PartyId";
    public const string JobIdProperty = "JobId";
    public const string AgreementIdProperty = "AgreementId";

    /// <summary>The claim type that carries the authenticated party's id.</summary>
    public const string PartyIdClaim = "dsc:party";

    /// <summary>The route value names read by the connector's own scope middleware.</summary>
    public const string JobIdRouteValue = "jobId";
    public const string AgreementIdRouteValue = "agreementId";

    /// <summary>Pushes the given ids (null ones are left out); dispose the result when the request part ends.</summary>
    public static IDisposable Push(HttpContext context, string? partyId = null, string? jobId = null, string? agreementId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var diagnostics = context.RequestServices.GetService<IDiagnosticContext>();
        var scopes = new List<IDisposable>(3);
        foreach (var (name, value) in (ReadOnlySpan<(string, string?)>)[(PartyIdProperty, partyId), (JobIdProperty, jobId), (AgreementIdProperty, agreementId)])
        {
            if (value is not null)
            {
                diagnostics?.Set(name, value);
                scopes.Add(LogContext.PushProperty(name, value));
            }
        }

        return new Scope(scopes);
    }

    private sealed class Scope(List<IDisposable> scopes) : IDisposable
    {
        public void Dispose()
        {
            for (var i = scopes.Count - 1; i >= 0; i--)
            {
                scopes[i].Dispose();
            }

            scopes.Clear();
        }
    }
}
