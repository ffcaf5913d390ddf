using Microsoft.AspNetCore.Http.HttpResults;

namespace DataSpace.Connector.Api;

/// <summary>RFC 9457 problem results for the API's refusals.</summary>
internal static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}
