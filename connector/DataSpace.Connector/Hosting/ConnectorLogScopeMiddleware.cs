namespace DataSpace.Connector.Hosting;

/// <summary>Pushes the party, job and agreement ids the request carries (see <see cref="ConnectorLogScope"/>).</summary>
internal sealed class ConnectorLogScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var partyId = context.User.FindFirst(ConnectorLogScope.PartyIdClaim)?.Value;
        var jobId = context.Request.RouteValues[ConnectorLogScope.JobIdRouteValue] as string;
        var agreementId = context.Request.RouteValues[ConnectorLogScope.AgreementIdRouteValue] as string;
        if (partyId is null && jobId is null && agreementId is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        using (ConnectorLogScope.Push(context, partyId, jobId, agreementId))
        {
            await next(context).ConfigureAwait(false);
        }
    }
}
