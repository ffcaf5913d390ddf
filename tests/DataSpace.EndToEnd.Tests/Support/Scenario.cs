using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// The small-business credit scenario every end-to-end test plays, the README walkthrough's: the tax bureau's sample
/// dataset, offered for grouped statistics (groups of at least 10, no raw export) under the walkthrough's policy, an
/// operator's agreement and the walkthrough's per-region job manifest.
/// </summary>
internal static class Scenario
{
    public const string Dataset = "enterprise-tax-2025";
    public const string Offer = "tax-statistics";
    public const string Purpose = "small-business-credit-statistics";

    /// <summary>The agreement the walkthrough's manifest names.</summary>
    public const string Agreement = "credit-2025-01";

    /// <summary>
    /// An offer without noise (module jobs are refused under noise, docs/module-review.md): the walkthrough's offer before
    /// it turned to analysis plans, kept for the tests that need a module to run (crashes mid-job, the four roles).
    /// </summary>
    public static string PolicyFile => Path.Combine(AppContext.BaseDirectory, "TestData", "module-offer-policy.json");

    /// <summary>A module job's manifest under <see cref="PolicyFile"/>: no recipient, which <c>dsc job submit --recipient</c> fills in.</summary>
    public static string ManifestFile => Path.Combine(AppContext.BaseDirectory, "TestData", "module-manifest.json");

    public static JsonObject Policy() => JsonNode.Parse(File.ReadAllText(PolicyFile))!.AsObject();

    /// <summary>A new key of <paramref name="suite"/>, saved unencrypted as NAME.key and NAME.key.pub in <paramref name="folder"/>.</summary>
    public static SigningKey NewKey(string folder, string name, ISignatureSuite suite)
    {
        var key = suite.GenerateKey();
        Directory.CreateDirectory(folder);
        KeyFiles.SaveSigningKey(key, Path.Combine(folder, name + ".key"));
        File.WriteAllText(Path.Combine(folder, name + ".key.pub"), key.PublicKey.ExportPem());
        return key;
    }

    /// <summary>The body of <c>POST /api/v1/parties</c>.</summary>
    public static object Party(string id, string name, string role, SigningKey key) =>
        new { id, name, role, publicKeys = new[] { key.PublicKey.ExportPem() } };

    /// <summary>The body of <c>POST /api/v1/agreements</c>: the operator's signed agreement request.</summary>
    public static object AgreementRequest(string agreement, SigningKey operatorKey)
    {
        var statement = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
        {
            ["agreement"] = agreement,
            ["offer"] = Offer,
            ["purpose"] = Purpose,
            ["validUntil"] = DateTimeOffset.UtcNow.AddDays(90).ToString("O", CultureInfo.InvariantCulture),
        }, operatorKey);
        return new { statement = JsonNode.Parse(statement.ToString()) };
    }

    /// <summary>The walkthrough's manifest, sealed to <paramref name="recipientPem"/>.</summary>
    public static JsonObject Manifest(string recipientPem)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(ManifestFile))!.AsObject();
        manifest["recipient"] = recipientPem;
        return manifest;
    }

    /// <summary>
    /// The body of <c>POST /api/v1/jobs</c> (the connector makes the job's id and answers with it), with the grouped-stats
    /// source as the module's source (not rebuilt here; a supplier approves a module only with its source).
    /// </summary>
    public static object Job(JsonObject manifest, string moduleFile) =>
        new { manifest, module = Convert.ToBase64String(File.ReadAllBytes(moduleFile)), source = File.ReadAllText(SampleFiles.GroupedStatsSource) };

    /// <summary>
    /// The steps before a job, over signed HTTP: the supplier puts the three parties on its trust list, registers
    /// <paramref name="datasetFile"/> and offers it; the operator concludes the agreement <see cref="Agreement"/>.
    /// </summary>
    public static async Task AgreeAsync(
        SignedClient supplier, SignedClient operatorClient, string datasetFile, SigningKey operatorKey, SigningKey dataUserKey, SigningKey auditorKey)
    {
        await supplier.PostAsync("/api/v1/parties", Party("urn:party:credit-bureau", "Credit bureau", "Operator", operatorKey), HttpStatusCode.Created);
        await supplier.PostAsync("/api/v1/parties", Party("urn:party:city-bank", "City bank", "DataUser", dataUserKey), HttpStatusCode.Created);
        await supplier.PostAsync("/api/v1/parties", Party("urn:party:audit-office", "Audit office", "Auditor", auditorKey), HttpStatusCode.Created);
        await supplier.PostAsync("/api/v1/datasets", new { id = Dataset, name = "Enterprise tax records 2025", location = datasetFile, classificationLevel = 2 }, HttpStatusCode.Created);
        await supplier.PostAsync("/api/v1/offers", new { id = Offer, dataset = Dataset, policy = Policy() }, HttpStatusCode.Created);
        await operatorClient.PostAsync("/api/v1/agreements", AgreementRequest(Agreement, operatorKey), HttpStatusCode.Created);
    }
}
