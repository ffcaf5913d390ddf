using DataSpace.Connector.Model;

namespace DataSpace.Connector.Api;

/// <summary>
/// What a failed or refused run held back, for the supplier only (<c>GET /api/v1/jobs/{id}/details</c>): the text (the
/// job's return code and <c>dsc_error</c> message, the rule it broke and how, the columns it asked for, what it pulled),
/// the <c>binding</c> its log entry carries as the digest <c>detail</c>, and the random <c>key</c> (base64) that binding is
/// an HMAC-SHA256 under, so the supplier can check the text against the signed log.
/// </summary>
public sealed record HeldDetailView(string JobId, string Text, string Binding, string Key, DateTimeOffset CreatedAt)
{
    internal static HeldDetailView Of(HeldDetail detail) =>
        new(detail.JobId, detail.Text, detail.Binding, Convert.ToBase64String(detail.Key.Span), detail.CreatedAt);
}
