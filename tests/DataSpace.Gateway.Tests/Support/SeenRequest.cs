namespace DataSpace.Gateway.Tests.Support;

/// <summary>A request as a connector replica received it, and who it decided had sent it.</summary>
internal sealed record SeenRequest(string Method, string Target, bool HadSignature, bool HadAssertion, string? Party, string? Via, int Status)
{
    /// <summary>The names of the request's header fields, as received.</summary>
    public IReadOnlyList<string> HeaderNames { get; init; } = [];
}
