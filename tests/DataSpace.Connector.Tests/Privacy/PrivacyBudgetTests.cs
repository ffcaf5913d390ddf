using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Privacy;
using DataSpace.Connector.Tests.Support;
using DataSpace.Policy.State;
using Microsoft.Extensions.DependencyInjection;

namespace DataSpace.Connector.Tests.Privacy;

/// <summary>
/// The privacy budget through the HTTP API as the parties use it (docs/privacy-budget.md): hostile privacy parameters
/// are refused with a clear 400 naming the field and leave the connector running (epsilon = 1e-300 once crashed the noise
/// calibration); each party sees only its own accounts; the disclosure report shows what each data user spent. The
/// attacks on the accounts themselves (a new agreement, a failed run, colluding data users) are in
/// <see cref="BudgetAccountsTests"/>, on the connector's real store, ledger and log.
/// </summary>
public sealed class PrivacyBudgetTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    private static string Offer(double epsilonLimit) => $$"""
        {"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:dp", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [{"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": {{epsilonLimit}}}]}]}
        """;

    private static async Task<Scenario> AgreedAsync(double epsilonLimit, string engine = "Sqlite")
    {
        var scenario = await Scenario.StartAsync(engine);
        await scenario.OfferAsync("offer-dp", Offer(epsilonLimit));
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");
        return scenario;
    }

    /// <summary>Charges the connector's accounts as a debited run under the agreement for the data user would.</summary>
    private static async Task ChargeAsync(Scenario scenario, string agreementId, string dataUserId, double epsilon)
    {
        var services = scenario.Server.App.Services;
        var ledger = services.GetRequiredService<IUsageLedger>();
        var accounts = services.GetRequiredService<BudgetAccounts>().For(agreementId, Scenario.Dataset, dataUserId, new PrivacyBudget(1.0), DateTimeOffset.UtcNow);
        var reservation = await ledger.TryReserveBudgetAsync(agreementId, new PrivacyBudget(epsilon), accounts, CancellationToken.None);
        Assert.True(reservation.IsGranted);
        Assert.True(await ledger.CommitAsync(reservation, CancellationToken.None));
    }

    [Theory]
    [InlineData("epsilon", "1e-300")]
    [InlineData("epsilon", "0")]
    [InlineData("epsilon", "-0.5")]
    [InlineData("epsilon", "1e308")]
    [InlineData("epsilon", "\"NaN\"")]
    [InlineData("epsilon", "\"Infinity\"")]
    [InlineData("delta", "0.5")]
    public async Task Submit_HostilePrivacyParameter_Is400NamingTheFieldAndTheConnectorCarriesOn(string field, string json)
    {
        await using var scenario = await AgreedAsync(1.0);
        var manifest = scenario.Manifest("agr-1", epsilon: 0.5);
        manifest[field] = JsonNode.Parse(json);

        var refused = await scenario.SubmitAsync(manifest, expected: HttpStatusCode.BadRequest);

        Assert.StartsWith($"manifest $.{field}: ", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, refused.GetProperty("status").GetInt32());
        Assert.Empty(await scenario.Server.App.Services.GetRequiredService<DataSpace.Connector.Storage.IConnectorStore>().ListJobsAsync(null, CancellationToken.None));
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);
    }

    [Fact]
    public async Task GetBudget_EachPartySeesOnlyItsOwnAccounts_SupplierAndAuditorSeeAll()
    {
        await using var scenario = await AgreedAsync(1.0);
        await ChargeAsync(scenario, "agr-1", Scenario.DataUserId, 0.5);

        static string[] Accounts(JsonElement budget) => [.. budget[0].GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account").GetString()!)];
        var supplier = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);
        var auditor = await Scenario.SendAsync(scenario.Auditor, HttpMethod.Get, "/api/v1/budget", null, HttpStatusCode.OK);
        var dataUser = await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);
        var holder = await Scenario.SendAsync(scenario.Operator, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);
        var rival = await Scenario.SendAsync(scenario.Rival, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);

        Assert.Equal(3, Accounts(supplier).Length);
        Assert.Equal(Accounts(supplier), Accounts(auditor));
        Assert.Equal([$"dataset/tax/user/{Scenario.DataUserId}"], Accounts(dataUser));
        Assert.Equal(["agreement/agr-1"], Accounts(holder));
        Assert.Empty(Accounts(rival));
        var mine = dataUser[0].GetProperty("accounts")[0];
        Assert.Equal((0.5m, 1m), (mine.GetProperty("epsilon").GetDecimal(), mine.GetProperty("epsilonLimit").GetDecimal()));
        Assert.Equal(5, dataUser[0].GetProperty("limits").GetProperty("dataUserEpsilon").GetDouble());
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/budget?dataset=nope", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Disclosure_ShowsTheBudgetEachDataUserSpentOnTheDataset()
    {
        await using var scenario = await AgreedAsync(1.0);
        await ChargeAsync(scenario, "agr-1", Scenario.DataUserId, 0.5);
        await scenario.AgreeAsync("agr-2", "offer-dp", "statistics");
        await ChargeAsync(scenario, "agr-2", Scenario.DataUserId, 0.25);

        var report = await Scenario.SendAsync(scenario.Auditor, HttpMethod.Get, "/api/v1/audit/disclosure?dataset=tax", null, HttpStatusCode.OK);

        var spent = Assert.Single(report[0].GetProperty("budget").EnumerateArray());
        Assert.Equal((Scenario.DataUserId, 0.75m, 0m),
            (spent.GetProperty("dataUserId").GetString(), spent.GetProperty("epsilon").GetDecimal(), spent.GetProperty("delta").GetDecimal()));
    }
}
