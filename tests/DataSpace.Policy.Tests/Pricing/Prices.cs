using DataSpace.Policy.JsonLd;
using DataSpace.Policy.Model;
using DataSpace.Policy.Pricing;
using DataSpace.Policy.Tests.Support;

namespace DataSpace.Policy.Tests.Pricing;

/// <summary>Priced policies for the pricing tests: one permission over a dataset whose duties are the JSON given.</summary>
internal static class Prices
{
    public const string Dataset = "urn:dataset:tax-2024";

    /// <summary>A <c>compensate</c> duty: payAmount in CNY, a basis, and any further constraints.</summary>
    public static string Duty(string amount, string basis, string more = "")
    {
        var extra = more.Length == 0 ? "" : ", " + more;
        return $$$"""
            {"action": "compensate", "constraint": [
              {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "{{{amount}}}", "@type": "xsd:decimal"}, "unit": "dsc:CNY"},
              {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:{{{basis}}}"}}{{{extra}}}]}
            """;
    }

    public static OdrlPolicy Policy(params string[] duties) => TestDocuments.Parse($$"""
        {
          "@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
          "@type": "Offer",
          "uid": "urn:policy:priced",
          "target": "{{Dataset}}",
          "permission": [{"action": "dsc:computeAggregate", "duty": [{{string.Join(", ", duties)}}]}]
        }
        """);

    public static PriceSchedule Schedule(params string[] duties)
    {
        var ok = PriceSchedule.TryParse(Policy(duties), 0, out var schedule, out var errors);
        Assert.True(ok, string.Join("; ", errors));
        return schedule!;
    }

    public static PolicyError Refusal(params string[] duties)
    {
        Assert.False(PriceSchedule.TryParse(Policy(duties), 0, out var schedule, out var errors));
        Assert.Null(schedule);
        return Assert.Single(errors);
    }

    public static string Tier(string? from, string? to) =>
        string.Join(", ", new[]
        {
            from is null ? null : $$"""{"leftOperand": "dsc:cumulativeUsage", "operator": "gteq", "rightOperand": {{from}}}""",
            to is null ? null : $$"""{"leftOperand": "dsc:cumulativeUsage", "operator": "lt", "rightOperand": {{to}}}""",
        }.Where(s => s is not null));

    public static string Stage(string? from, string? to) =>
        string.Join(", ", new[]
        {
            from is null ? null : $$"""{"leftOperand": "dateTime", "operator": "gteq", "rightOperand": "{{from}}"}""",
            to is null ? null : $$"""{"leftOperand": "dateTime", "operator": "lt", "rightOperand": "{{to}}"}""",
        }.Where(s => s is not null));
}
