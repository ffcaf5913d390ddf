using DataSpace.Cli.Tests.Support;

namespace DataSpace.Cli.Tests.Flow;

/// <summary><c>dsc offer add</c> with a price the connector cannot compute (docs/metering.md, "Prices in offers and jobs").</summary>
public sealed class OfferPriceTests(FlowFixture flow) : IClassFixture<FlowFixture>
{
    private static string Policy(string unit) => $$$"""
        {"@context": ["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}],
         "@type": "Offer", "uid": "urn:offer:priced", "target": "{{{FlowFixture.Dataset}}}",
         "permission": [{"action": "dsc:computeAggregate", "duty": {"action": "compensate", "constraint": [
           {"leftOperand": "payAmount", "operator": "eq", "rightOperand": {"@value": "20.00", "@type": "xsd:decimal"}, "unit": "{{{unit}}}"},
           {"leftOperand": "dsc:priceBasis", "operator": "eq", "rightOperand": {"@id": "dsc:perRun"}}]}}]}
        """;

    [Fact]
    public async Task OfferAdd_PriceInAnotherCurrency_ExitsThreeNamingThePathAsWritten()
    {
        var policy = await flow.WriteAsync("usd-offer.json", Policy("dsc:USD"));

        var result = await flow.Supplier("offer", "add", "--id", "priced-usd", "--dataset", FlowFixture.Dataset, "--policy", policy);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("the connector answered 400", result.Error, StringComparison.Ordinal);
        Assert.Contains("permission[0].duty.constraint[0].unit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferAdd_PriceInCny_IsAccepted()
    {
        var policy = await flow.WriteAsync("cny-offer.json", Policy("dsc:CNY"));

        var result = await flow.Supplier("offer", "add", "--id", "priced-cny", "--dataset", FlowFixture.Dataset, "--policy", policy);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
    }
}
