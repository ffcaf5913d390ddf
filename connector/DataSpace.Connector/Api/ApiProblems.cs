using DataSpace.Policy.Identifiers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Api;

/// <summary>RFC 9457 problem results for the API's refusals.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    /// <summary>
    /// Null when <paramref name="id"/> is an id of the one grammar (<see cref="ResourceIds"/>); otherwise a 400 naming the
    /// <paramref name="field"/>, the <paramref name="kind"/> of id and the grammar.
    /// </summary>
    public static ProblemHttpResult? InvalidId(string? id, string field, string kind) =>
        ResourceIds.Check(id, kind) is { } reason ? Problem(400, $"{field}: {reason}") : null;
}
