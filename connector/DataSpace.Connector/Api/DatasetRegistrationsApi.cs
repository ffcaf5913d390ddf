using DataSpace.Connector.Http;
using Microsoft.AspNetCore.Http.HttpResults;

using static DataSpace.Connector.Api.ApiProblems;

namespace DataSpace.Connector.Api;

/// <summary>
/// The progress of an asynchronous dataset registration (docs/connector-service.md, "Registering with progress"):
/// <c>POST /api/v1/datasets</c> with <c>Prefer: respond-async</c> answers 202 with its <c>Location</c>, which the supplier
/// reads here until it is <c>done</c> or <c>failed</c>.
/// </summary>
internal static class DatasetRegistrationsApi
{
    private const string Base = "/api/v1/datasets/registrations/";

    public static IEndpointRouteBuilder MapDatasetRegistrationsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Base + "{registrationId}", GetRegistration).WithTags("Catalogue").RequireAuthorization(PartyPolicies.Supplier)
            .WithSummary("An asynchronous dataset registration: running, done or failed, and the bytes of the file read so far (supplier only).");
        return endpoints;
    }

    /// <summary>The address of registration <paramref name="id"/>.</summary>
    public static string PathOf(string id) => Base + Uri.EscapeDataString(id);

    /// <summary>
    /// Whether the request prefers an asynchronous answer: a <c>Prefer</c> field naming the <c>respond-async</c> preference
    /// (RFC 7240 sections 2 and 4.1; tokens are case-insensitive, other preferences and parameters beside it are ignored).
    /// </summary>
    public static bool PrefersAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var field in request.Headers["Prefer"])
        {
            foreach (var preference in (field ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                var name = preference.Split([';', '='], 2)[0].Trim();
                if (string.Equals(name, "respond-async", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static Results<Ok<DatasetRegistrationView>, ProblemHttpResult> GetRegistration(
        string registrationId, DatasetRegistrations registrations, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return registrations.Find(registrationId) is { } view
            ? TypedResults.Ok(view)
            : Problem(404, $"no dataset registration '{registrationId}' is known to this connector (registrations are kept in memory, " +
                $"{DatasetRegistrations.KeptFor.TotalMinutes:0} minutes after they end, on the replica that ran them)");
    }
}
