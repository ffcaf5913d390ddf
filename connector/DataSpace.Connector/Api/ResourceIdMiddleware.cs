namespace DataSpace.Connector.Api;

/// <summary>
/// Refuses with 400, naming the kind of id, a request whose path or query carries an id outside the one grammar
/// (<see cref="DataSpace.Policy.Identifiers.ResourceIds"/>): every route value named <c>{kind}Id</c> (<c>jobId</c>,
/// <c>agreementId</c>) is an id of that kind, and so is a query parameter named for a kind (<c>?dataset=</c>). Ids in
/// request bodies are checked by their handlers and parsers with the same grammar.
/// </summary>
internal sealed class ResourceIdMiddleware(RequestDelegate next)
{
    private const string Suffix = "Id";

    private static readonly string[] QueryKinds = ["party", "dataset", "offer", "agreement", "job"];

    public Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (name.Length > Suffix.Length && name.EndsWith(Suffix, StringComparison.Ordinal) && value is string id
                && ApiProblems.InvalidId(id, name, name[..^Suffix.Length]) is { } bad)
            {
                return bad.ExecuteAsync(context);
            }
        }

        foreach (var kind in QueryKinds)
        {
            if (!context.Request.Query.TryGetValue(kind, out var values))
            {
                continue;
            }

            foreach (var id in values)
            {
                if (ApiProblems.InvalidId(id, kind, kind) is { } bad)
                {
                    return bad.ExecuteAsync(context);
                }
            }
        }

        return next(context);
    }
}
