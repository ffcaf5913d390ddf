using System.Net;
using Microsoft.Extensions.DependencyInjection;
using DataSpace.Connector.Tests.Support;

namespace DataSpace.Connector.Tests.Plans;

/// <summary>
/// Analysis plans through the HTTP API as the parties use them (docs/analysis-plans.md): submitted, approved or
/// pre-approved by digest, evaluated by the host, released with noise and charged to the budget, or exactly under
/// overlap control; filters and joins only where the policies permit them. On SQLite and PostgreSQL.
/// </summary>
public sealed class PlanJobTests
{
    private const string Context = """["http://www.w3.org/ns/odrl.jsonld", {"dsc": "https://dataspace.example/odrl/profile#"}]""";

    internal const string RegionPlan = """
        {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
         "groupBy": [{"column": "region", "values": [11, 12, 13]}],
         "measures": [{"column": "income", "bounds": [0, 50000]}, {"column": "tax", "bounds": [0, 100]}]}
        """;

    private static readonly Dictionary<string, string> Classes = new() { ["taxpayer_id"] = "identifying" };

    internal static string NoisyOffer(string uid = "urn:offer:dp", string extra = "", double epsilon = 1.0) => $$"""
        {"@context": {{Context}}, "@type": "Offer", "uid": "{{uid}}", "target": "tax",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "purpose", "operator": "eq", "rightOperand": "statistics"},
           {"leftOperand": "dsc:epsilon", "operator": "lteq", "rightOperand": {{epsilon}}},
           {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10}{{extra}}]}]}
        """;

    private static string ExactOffer(string target = "tax", string extra = "") => $$"""
        {"@context": {{Context}}, "@type": "Offer", "uid": "urn:offer:exact-{{target}}", "target": "{{target}}",
         "permission": [{"action": "dsc:computeAggregate", "constraint": [
           {"leftOperand": "purpose", "operator": "eq", "rightOperand": "statistics"},
           {"leftOperand": "dsc:groupSize", "operator": "gteq", "rightOperand": 10}{{extra}}]}]}
        """;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_noisy_plan_is_approved_by_digest_runs_on_the_host_and_is_charged(string engine)
    {
        await using var scenario = await Scenario.StartAsync(engine, columns: Classes);
        await scenario.OfferAsync("offer-dp", NoisyOffer());
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");

        var submitted = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.5), RegionPlan);
        var job = submitted.GetProperty("id").GetString()!;
        Assert.Equal("Submitted", submitted.GetProperty("state").GetString());
        Assert.Equal("Plan", submitted.GetProperty("program").GetString());
        var plan = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{job}/plan", null, HttpStatusCode.OK);
        Assert.Equal(submitted.GetProperty("moduleDigest").GetString(), plan.GetProperty("digest").GetString());
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        var ended = await scenario.WaitForJobAsync(job, "Released", "Failed", "Refused");

        Assert.Equal("Released", ended.GetProperty("state").GetString());
        Assert.Equal(600, ended.GetProperty("rowsProcessed").GetInt64());
        var result = await scenario.ResultAsync(job);
        Assert.Equal(plan.GetProperty("digest").GetString(), result.GetProperty("plan").GetString());
        var release = result.GetProperty("result");
        Assert.Equal("laplace", release.GetProperty("mechanism").GetString());
        Assert.Equal(0.5, release.GetProperty("epsilonSpent").GetDouble());
        Assert.Equal(3, release.GetProperty("queries").GetInt32());
        var groups = release.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["11", "12", "13"], groups.Select(g => g.GetProperty("key")[0].GetString()));
        Assert.All(groups, g => Assert.InRange(g.GetProperty("count").GetInt64(), 150, 250));
        var log = await scenario.LogAsync();
        var debit = Assert.Single(log, e => e.GetProperty("action").GetString() == "budget.debit");
        Assert.Equal("0.5", debit.GetProperty("details").GetProperty("epsilon").GetString());
        var read = Assert.Single(log, e => e.GetProperty("action").GetString() == "dataset.read");
        Assert.Equal("region,income,tax", read.GetProperty("details").GetProperty("columns").GetString());
    }

    [Fact]
    public async Task A_policy_naming_a_plans_digest_pre_approves_it()
    {
        await using var scenario = await Scenario.StartAsync(columns: Classes);
        var digest = DataSpace.Sandbox.Plans.PlanDocument.Parse(System.Text.Encoding.UTF8.GetBytes(RegionPlan)).Digest;
        await scenario.OfferAsync("offer-dp", NoisyOffer(extra: $$""", {"leftOperand": "dsc:moduleDigest", "operator": "isAnyOf", "rightOperand": ["{{digest}}"]}"""));
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");

        var submitted = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.5), RegionPlan);

        Assert.Equal("Approved", submitted.GetProperty("state").GetString());
        await scenario.WaitForJobAsync(submitted.GetProperty("id").GetString()!, "Released");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Concurrent_plans_never_spend_more_than_the_agreement_allows(string engine)
    {
        // Six pre-approved plans of epsilon 0.5 under a limit of 2: four run, the others are refused at submission or at
        // run time, however they interleave.
        await using var scenario = await Scenario.StartAsync(engine, columns: Classes);
        var digest = DataSpace.Sandbox.Plans.PlanDocument.Parse(System.Text.Encoding.UTF8.GetBytes(RegionPlan)).Digest;
        await scenario.OfferAsync("offer-dp", NoisyOffer(epsilon: 2.0, extra: $$""", {"leftOperand": "dsc:moduleDigest", "operator": "isAnyOf", "rightOperand": ["{{digest}}"]}"""));
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");

        var submissions = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { manifest = scenario.PlanManifest("agr-1", epsilon: 0.5), plan = System.Text.Json.Nodes.JsonNode.Parse(RegionPlan) }),
            };
            using var response = await scenario.Operator.SendAsync(request);
            var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return (response.StatusCode, Id: response.StatusCode == HttpStatusCode.Created ? body.GetProperty("id").GetString() : null);
        }));
        var ends = await Task.WhenAll(submissions.Where(s => s.Id is not null).Select(s => scenario.WaitForJobAsync(s.Id!, "Released", "Refused", "Failed")));

        Assert.Equal(4, ends.Count(e => e.GetProperty("state").GetString() == "Released"));
        Assert.Equal(2, submissions.Count(s => s.StatusCode == HttpStatusCode.Conflict) + ends.Count(e => e.GetProperty("state").GetString() == "Refused"));
        var budget = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);
        var agreement = budget[0].GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "agreement");
        Assert.Equal(2.0m, agreement.GetProperty("epsilon").GetDecimal());
    }

    [Fact]
    public async Task A_new_agreement_does_not_reset_the_data_users_budget_and_a_failed_run_is_charged()
    {
        await using var scenario = await Scenario.StartAsync(columns: Classes, settings: [("Connector:Privacy:DataUserEpsilon", "1")]);
        await scenario.OfferAsync("offer-dp", NoisyOffer());
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");
        var first = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.6), RegionPlan)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{first}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(first, "Released");

        // A fresh agreement on the same dataset for the same data user: its own limit is 1, the data user has 0.4 left.
        await scenario.AgreeAsync("agr-2", "offer-dp", "statistics");
        var refused = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-2", epsilon: 0.6), RegionPlan, HttpStatusCode.Conflict);
        Assert.Contains("a new agreement does not reset it", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A run that reads data and then fails (a row past the first thousand went bad) keeps what it was charged.
        var second = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-2", epsilon: 0.3), RegionPlan)).GetProperty("id").GetString()!;
        var corrupt = new System.Text.StringBuilder("taxpayer_id,region,income,tax\n");
        for (var i = 0; i < 1200; i++)
        {
            corrupt.Append(System.Globalization.CultureInfo.InvariantCulture, $"TP-{i},{11 + (i % 3)},{20_000 + i},1.5\n");
        }

        await File.WriteAllTextAsync(scenario.CsvPath, corrupt.Append("TP-x,eleven,not a number,x\n").ToString());
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{second}/approve", null, HttpStatusCode.OK);
        var failed = await scenario.WaitForJobAsync(second, "Failed");
        Assert.Equal("the plan failed: the dataset could not be read", failed.GetProperty("reason").GetString());
        var budget = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);
        var dataUser = budget[0].GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("account").GetString()!.Contains("/user/", StringComparison.Ordinal));
        Assert.Equal(0.9m, dataUser.GetProperty("epsilon").GetDecimal());
    }

    [Fact]
    public async Task Filters_need_the_policy_to_name_their_columns_and_identifying_columns_can_never_be_compared()
    {
        await using var scenario = await Scenario.StartAsync(columns: Classes);
        await scenario.OfferAsync("offer-dp", NoisyOffer(extra: """, {"leftOperand": "dsc:filterColumn", "operator": "isPartOf", "rightOperand": ["region"]}"""));
        await scenario.OfferAsync("offer-silent", NoisyOffer(uid: "urn:offer:silent"));
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");
        await scenario.AgreeAsync("agr-2", "offer-silent", "statistics");
        static string Filtered(string filter) => $$"""
            {"format": "dataspace/analysis-plan/v1", "dataset": "tax", "filters": [{{filter}}],
             "measures": [{"column": "income", "bounds": [0, 50000]}]}
            """;

        await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.1), Filtered("""{"column": "region", "op": "eq", "value": 11}"""));
        var silent = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-2", epsilon: 0.1), Filtered("""{"column": "region", "op": "eq", "value": 11}"""), HttpStatusCode.Forbidden);
        var income = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.1), Filtered("""{"column": "income", "op": "gt", "value": 30000}"""), HttpStatusCode.Forbidden);
        var target = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.1), Filtered("""{"column": "taxpayer_id", "op": "eq", "value": "TP-700013"}"""), HttpStatusCode.Forbidden);

        Assert.Contains("no dsc:filterColumn constraint permits filters on [region]", silent.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("dsc:filterColumn", income.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("dsc:filterColumn", target.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_identifying_column_in_a_plan_is_refused_naming_its_path()
    {
        await using var scenario = await Scenario.StartAsync(columns: Classes);
        await scenario.OfferAsync("offer-dp", NoisyOffer());
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");

        var refused = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.1), """
            {"format": "dataspace/analysis-plan/v1", "dataset": "tax", "groupBy": [{"column": "taxpayer_id", "values": ["TP-700013"]}]}
            """, HttpStatusCode.BadRequest);

        Assert.StartsWith("plan $.groupBy[0].column: 'taxpayer_id' identifies", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_exact_release_one_row_away_from_an_earlier_one_is_refused(string engine)
    {
        // "All of region 11" and then "region 11 without the enterprise with the highest income": their difference
        // would be that enterprise's exact income. Two operators, two agreements: overlap control sees both.
        await using var scenario = await Scenario.StartAsync(engine, columns: Classes);
        await scenario.OfferAsync("offer-exact", ExactOffer(extra: """, {"leftOperand": "dsc:filterColumn", "operator": "isPartOf", "rightOperand": ["region", "income"]}"""));
        await scenario.AgreeAsync("agr-1", "offer-exact", "statistics");
        await scenario.AgreeAsync("agr-r", "offer-exact", "statistics", rival: true);
        const string All = """
            {"format": "dataspace/analysis-plan/v1", "dataset": "tax", "filters": [{"column": "region", "op": "eq", "value": 11}],
             "measures": [{"column": "income", "bounds": [0, 50000]}]}
            """;
        const string AllButOne = """
            {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
             "filters": [{"column": "region", "op": "eq", "value": 11}, {"column": "income", "op": "lt", "value": 42238}],
             "measures": [{"column": "income", "bounds": [0, 50000]}]}
            """;

        var first = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1"), All)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{first}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(first, "Released");
        var exact = (await scenario.ResultAsync(first)).GetProperty("result");
        Assert.Equal("none", exact.GetProperty("mechanism").GetString());
        Assert.Equal(200, exact.GetProperty("groups")[0].GetProperty("count").GetInt64());
        var second = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-r"), AllButOne, client: scenario.Rival)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{second}/approve", null, HttpStatusCode.OK);

        var refused = await scenario.WaitForJobAsync(second, "Released", "Refused", "Failed");

        Assert.Equal("Refused", refused.GetProperty("state").GetString());
        Assert.StartsWith("refused by query-set overlap control", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await Scenario.SendAsync(scenario.DataUser, HttpMethod.Get, "/api/v1/results/" + second, null, HttpStatusCode.NotFound);
        var details = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, $"/api/v1/jobs/{second}/details", null, HttpStatusCode.OK);
        Assert.Contains(first, details.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_noise_an_aggregate_module_is_refused_and_a_plan_is_the_way()
    {
        await using var scenario = await Scenario.StartAsync(columns: Classes);
        await scenario.OfferAsync("offer-dp", NoisyOffer());
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");

        var module = await scenario.SubmitAsync(scenario.Manifest("agr-1", epsilon: 0.5), expected: HttpStatusCode.Forbidden);

        Assert.Contains("analysis plans", module.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-1", epsilon: 0.5), RegionPlan);
    }

    [Theory]
    [InlineData("""{"manifest": {"agreement": "agr-1", "dataset": "tax"}, "plan": {"format": "dataspace/analysis-plan/v1", "dataset": "tax"}, "module": "AGFzbQEAAAA="}""", "either module")]
    [InlineData("""{"manifest": {"agreement": "agr-1", "dataset": "tax", "columns": ["income"]}, "plan": {"format": "dataspace/analysis-plan/v1", "dataset": "tax"}}""", "manifest $.columns: comes from the plan")]
    [InlineData("""{"manifest": {"agreement": "agr-1", "dataset": "other"}, "plan": {"format": "dataspace/analysis-plan/v1", "dataset": "tax"}}""", "manifest $.dataset")]
    [InlineData("""{"manifest": {"agreement": "agr-1", "dataset": "tax"}, "plan": {"format": "dataspace/analysis-plan/v1", "dataset": "tax", "measures": [{"column": "income"}]}}""", "plan $.measures[0].bounds: is required")]
    public async Task A_bad_plan_submission_is_a_clear_400_and_changes_nothing(string body, string problem)
    {
        await using var scenario = await Scenario.StartAsync(columns: Classes);
        await scenario.OfferAsync("offer-dp", NoisyOffer());
        await scenario.AgreeAsync("agr-1", "offer-dp", "statistics");
        var json = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        json["manifest"]!["recipient"] = scenario.DataUserKey.PublicKey.ExportPem();

        var refused = await Scenario.SendAsync(scenario.Operator, HttpMethod.Post, "/api/v1/jobs", json, HttpStatusCode.BadRequest);

        Assert.Contains(problem, refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var jobs = await scenario.Server.App.Services.GetRequiredService<DataSpace.Connector.Storage.IConnectorStore>().ListJobsAsync(null, CancellationToken.None);
        Assert.Empty(jobs);
    }

    [Fact]
    public async Task A_join_runs_when_both_policies_permit_the_link_and_only_then()
    {
        await using var scenario = await Scenario.StartAsync(columns: Classes);
        await scenario.RegisterSocialAsync();
        const string Link = """, {"leftOperand": "dsc:linkedDataset", "operator": "isPartOf", "rightOperand": ["{0}"]}""";
        await scenario.OfferAsync("offer-tax", ExactOffer("tax", Link.Replace("{0}", "social", StringComparison.Ordinal)));
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/offers",
            new { id = "offer-social", dataset = "social", policy = System.Text.Json.Nodes.JsonNode.Parse(ExactOffer("social", Link.Replace("{0}", "tax", StringComparison.Ordinal))) }, HttpStatusCode.Created);
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/offers",
            new { id = "offer-social-alone", dataset = "social", policy = System.Text.Json.Nodes.JsonNode.Parse(ExactOffer("social").Replace("exact-social", "alone", StringComparison.Ordinal)) }, HttpStatusCode.Created);
        await scenario.AgreeAsync("agr-tax", "offer-tax", "statistics");
        await scenario.AgreeAsync("agr-social", "offer-social", "statistics");
        await scenario.AgreeAsync("agr-alone", "offer-social-alone", "statistics");
        static string Joined(string agreement) => $$"""
            {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
             "join": {"dataset": "social", "agreement": "{{agreement}}", "leftKey": "taxpayer_id", "rightKey": "taxpayer_id"},
             "groupBy": [{"column": "region", "values": [11, 12, 13]}],
             "measures": [{"column": "insured", "dataset": "social", "bounds": [0, 50]}]}
            """;

        var refused = await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-tax"), Joined("agr-alone"), HttpStatusCode.Forbidden);
        var job = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-tax"), Joined("agr-social"))).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");

        Assert.Contains("linking", refused.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var groups = (await scenario.ResultAsync(job)).GetProperty("result").GetProperty("groups").EnumerateArray().ToList();
        // 400 of the 600 taxpayers have a social row; TP-700000 is there twice, so it joins nothing.
        Assert.Equal(399, groups.Sum(g => g.GetProperty("count").GetInt64()));
        var reads = (await scenario.LogAsync()).Where(e => e.GetProperty("action").GetString() == "dataset.read").ToList();
        Assert.Equal(["tax", "social"], reads.Select(r => r.GetProperty("details").GetProperty("dataset").GetString()));
    }

    [Fact]
    public async Task A_join_follows_the_stricter_policy_and_charges_only_the_datasets_that_keep_a_budget()
    {
        // The tax bureau asks for noise, the social insurance agency for none: the join is released with noise, and only
        // the tax dataset's accounts are charged (the social one keeps no budget for it).
        await using var scenario = await Scenario.StartAsync(columns: Classes);
        await scenario.RegisterSocialAsync();
        await scenario.OfferAsync("offer-tax", NoisyOffer(extra: """, {"leftOperand": "dsc:linkedDataset", "operator": "isPartOf", "rightOperand": ["social"]}"""));
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, "/api/v1/offers",
            new { id = "offer-social", dataset = "social", policy = System.Text.Json.Nodes.JsonNode.Parse(ExactOffer("social", """, {"leftOperand": "dsc:linkedDataset", "operator": "isPartOf", "rightOperand": ["tax"]}""")) },
            HttpStatusCode.Created);
        await scenario.AgreeAsync("agr-tax", "offer-tax", "statistics");
        await scenario.AgreeAsync("agr-social", "offer-social", "statistics");
        const string Joined = """
            {"format": "dataspace/analysis-plan/v1", "dataset": "tax",
             "join": {"dataset": "social", "agreement": "agr-social", "leftKey": "taxpayer_id", "rightKey": "taxpayer_id"},
             "measures": [{"column": "arrears", "dataset": "social", "bounds": [0, 12]}]}
            """;

        var job = (await scenario.SubmitPlanAsync(scenario.PlanManifest("agr-tax", epsilon: 0.5), Joined)).GetProperty("id").GetString()!;
        await Scenario.SendAsync(scenario.Supplier, HttpMethod.Post, $"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);
        await scenario.WaitForJobAsync(job, "Released");

        Assert.Equal("laplace", (await scenario.ResultAsync(job)).GetProperty("result").GetProperty("mechanism").GetString());
        var tax = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/budget?dataset=tax", null, HttpStatusCode.OK);
        var social = await Scenario.SendAsync(scenario.Supplier, HttpMethod.Get, "/api/v1/budget?dataset=social", null, HttpStatusCode.OK);
        Assert.Equal(3, tax[0].GetProperty("accounts").GetArrayLength());
        Assert.Equal(0, social[0].GetProperty("accounts").GetArrayLength());
    }
}
