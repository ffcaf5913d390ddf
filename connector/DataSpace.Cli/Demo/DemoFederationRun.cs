using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSpace.Connector.Federation;
using DataSpace.Connector.Hosting;
using DataSpace.Connector.Http;
using DataSpace.Connector.Storage;
using DataSpace.Crypto.Audit;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Federation;
using DataSpace.Crypto.Signatures;
using DataSpace.Crypto.Statements;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace DataSpace.Cli.Demo;

/// <summary>
/// <c>dsc demo federation</c> (docs/federation.md): three cities' tax bureaus, each with its own connector and its own
/// synthetic enterprises (the sample generator with three seeds), answer one provincial question, "mean tax by
/// industry", for a data user through one federated plan. Each city's figures stay masked; the aggregator (Beijing's
/// connector) sees only masked vectors and their noisy sum; the auditor checks from the three log exports that the
/// release combined exactly the logged vectors, and catches a tampered one.
/// </summary>
internal sealed class DemoFederationRun(IAnsiConsole console, string directory)
{
    private const string Dataset = "enterprise-tax-2025";
    private const string Agreement = "province-2025";
    private const string FederationId = "fed-tax-by-industry-2025";
    private static readonly (string Name, int Seed)[] Cities = [("Beijing", 20251201), ("Tianjin", 20251202), ("Shijiazhuang", 20251203)];
    private static readonly string[] Industries = ["agriculture", "catering", "construction", "logistics", "manufacturing", "retail", "software", "tourism"];

    private int _step;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        console.MarkupLine($"[bold]Data directory[/] {Markup.Escape(directory)}");
        var apps = new List<ConnectorApp>();
        try
        {
            foreach (var (name, seed) in Cities)
            {
                var app = ConnectorHost.Build(
                [
                    $"--Connector:DataDirectory={Path.Combine(directory, name.ToLowerInvariant())}",
                    "--Connector:Urls=http://127.0.0.1:0",
                    "--Connector:Logging:Console=None",
                    $"--Connector:Name=Tax bureau of {name} (demo)",
                    "--Connector:Jobs:PublishGrid=00:00:01",
                ]);
                SampleData.Write(app.DataDirectory.DatasetsDirectory, seed);
                await app.StartAsync(cancellationToken);
                apps.Add(app);
            }

            return await RunAsync(apps, cancellationToken);
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }
    }

    private async Task<int> RunAsync(List<ConnectorApp> apps, CancellationToken cancellationToken)
    {
        Step($"Three tax bureaus run their own connectors: {string.Join(", ", Cities.Select((c, i) => $"{c.Name} at {apps[i].Addresses[0]} (key {apps[i].Identity.KeyId})"))}; each holds its own 10,000 enterprises, which never leave it");
        using var operatorKey = DemoCalls.NewKey(directory, "operator", SignatureSuites.Sm2);
        using var dataUserKey = DemoCalls.NewKey(directory, "data-user", SignatureSuites.P256);
        using var auditorKey = DemoCalls.NewKey(directory, "auditor", SignatureSuites.Ed25519);
        var supplierKeys = apps.Select(a => KeyFiles.LoadSigningKey(a.DataDirectory.KeyFile)).ToList();
        try
        {
            for (var c = 0; c < apps.Count; c++)
            {
                using var supplier = Client(supplierKeys[c], apps[c]);
                foreach (var (id, role, key) in new[] { ("urn:party:provincial-statistics", "Operator", operatorKey), ("urn:party:development-bank", "DataUser", dataUserKey), ("urn:party:audit-office", "Auditor", auditorKey) })
                {
                    await DemoCalls.Post(supplier, "/api/v1/parties", new { id, name = id, role, publicKeys = new[] { key.PublicKey.ExportPem() } }, cancellationToken);
                }

                for (var peer = 0; peer < apps.Count; peer++)
                {
                    if (peer != c)
                    {
                        await DemoCalls.Post(supplier, "/api/v1/parties", new
                        {
                            id = $"urn:party:tax-{Cities[peer].Name.ToLowerInvariant()}", name = $"Tax bureau of {Cities[peer].Name}", role = "Federation",
                            publicKeys = new[] { apps[peer].Identity.PublicKeyPem },
                        }, cancellationToken);
                    }
                }

                await DemoCalls.Post(supplier, "/api/v1/datasets", new
                {
                    id = Dataset, name = $"Enterprise tax records 2025, {Cities[c].Name}", location = Path.Combine(apps[c].DataDirectory.DatasetsDirectory, SampleData.TaxFile),
                    classificationLevel = 2, columns = new Dictionary<string, string> { ["enterprise_id"] = "identifying" },
                }, cancellationToken);
                await DemoCalls.Post(supplier, "/api/v1/offers", new { id = "tax-statistics", dataset = Dataset, policy = Resource("walkthrough-offer-policy.json") }, cancellationToken);
                using var operatorClient = Client(operatorKey, apps[c]);
                var request = SignedStatement.Sign("dataspace/agreement-request/v1", new JsonObject
                {
                    ["agreement"] = Agreement, ["offer"] = "tax-statistics", ["purpose"] = "small-business-credit-statistics",
                    ["validUntil"] = DateTimeOffset.UtcNow.AddDays(90).ToString("O", CultureInfo.InvariantCulture),
                }, operatorKey);
                await DemoCalls.Post(operatorClient, "/api/v1/agreements", new { statement = JsonNode.Parse(request.ToString()) }, cancellationToken);
            }

            Step("Each bureau puts the provincial statistics office (operator), the development bank (data user), the audit office and the two other bureaus' connectors (federation role: federation calls only) on its trust list, registers its dataset and offers it under its own policy; the office signs an agreement with each");

            var plan = JsonNode.Parse($$"""
                {"format": "dataspace/analysis-plan/v1", "dataset": "{{Dataset}}",
                 "groupBy": [{"column": "industry", "values": {{JsonSerializer.Serialize(Industries)}}}],
                 "measures": [{"column": "tax", "bounds": [0, 2000]}, {"column": "income", "bounds": [0, 40000]}]}
                """)!;
            var statement = SignedStatement.Sign(FederationRequest.Type, new JsonObject
            {
                ["federation"] = FederationId,
                ["aggregator"] = apps[0].Identity.KeyId,
                ["keyAgreement"] = "x25519",
                ["epsilon"] = 1.0,
                ["recipient"] = dataUserKey.PublicKey.ExportPem(),
                ["plan"] = plan,
                ["participants"] = new JsonArray([.. apps.Select(a => (JsonNode)new JsonObject
                {
                    ["connector"] = a.Identity.KeyId, ["url"] = a.Addresses[0].ToString(), ["agreement"] = Agreement, ["dataset"] = Dataset,
                })]),
                ["expires"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture),
            }, operatorKey);
            var jobs = new string[apps.Count];
            var keys = new JsonArray();
            for (var c = 0; c < apps.Count; c++)
            {
                using var operatorClient = Client(operatorKey, apps[c]);
                var answer = await DemoCalls.Post(operatorClient, "/api/v1/federations", new { statement = JsonNode.Parse(statement.ToString()) }, cancellationToken);
                jobs[c] = answer.GetProperty("job").GetProperty("id").GetString()!;
                keys.Add(JsonNode.Parse(answer.GetProperty("key").GetRawText()));
            }

            for (var c = 0; c < apps.Count; c++)
            {
                using var operatorClient = Client(operatorKey, apps[c]);
                await DemoCalls.Post(operatorClient, $"/api/v1/federations/{FederationId}/keys", new { keys = keys.DeepClone() }, cancellationToken);
            }

            Step($"The office signs one federated request (mean tax and income by industry, epsilon 1, Beijing's connector aggregating) and submits it to each bureau; each checks it against its own policy and agreement and makes its own job ({string.Join(", ", jobs)}); the office brings every bureau the three connectors' signed key-agreement keys (X25519)");

            for (var c = 0; c < apps.Count; c++)
            {
                using var supplier = Client(supplierKeys[c], apps[c]);
                await DemoCalls.Post(supplier, $"/api/v1/jobs/{jobs[c]}/approve", null, cancellationToken);
            }

            Step("Each bureau's supplier approves the same plan digest on its own connector");
            using (var operatorClient = Client(operatorKey, apps[0]))
            {
                var final = await DemoCalls.WaitAsync(operatorClient, jobs[0], 30, cancellationToken);
                if (final.GetProperty("state").GetString() != "Released")
                {
                    console.MarkupLine($"[red]The federation did not release:[/] {Markup.Escape(final.GetProperty("reason").GetString() ?? "")}");
                    return ExitCodes.VerificationFailed;
                }
            }

            var partials = apps.Select((a, c) => (Cities[c].Name, Vector: AggregatorSaw(apps[0], a.Identity.KeyId))).ToList();
            foreach (var (city, digest, words) in partials.Select(p => (p.Name, p.Vector.Digest, p.Vector.Words)))
            {
                var count = Truth(apps, [Array.IndexOf(Cities.Select(x => x.Name).ToArray(), city)], "retail").Count;
                Step($"{city}'s connector evaluated the plan over its own data, added its share of the noise and masked the vector with a pairwise mask per other bureau; the aggregator received {digest}, whose value in the place of {city}'s count of retail enterprises ({count:N0}) reads {(long)words[Array.IndexOf(Industries, "retail")]:N0}");
            }

            Step("The aggregator summed the three masked vectors (the masks cancel only in the sum, modulo 2^64), released the noisy sum under the strictest terms of the three policies (groups of at least 10) and sealed it to the bank; no bureau's own figures were ever in the clear outside it");

            using var dataUser = Client(dataUserKey, apps[0]);
            var result = await DemoCalls.Get(dataUser, "/api/v1/results/" + jobs[0], cancellationToken);
            var envelope = Convert.FromBase64String(result.GetProperty("envelope").GetString()!);
            var identity = apps[0].Identity;
            var receipt = ResultReceipts.Verify(SignedStatement.Parse(result.GetProperty("receipt").GetRawText()), PublicKey.ImportPem(identity.PublicKeyPem), identity.LogOrigin, envelope);
            using var document = JsonDocument.Parse(Envelopes.Open(dataUserKey, jobs[0], SealedEnvelope.Parse(envelope)));
            Step($"The bank opens the sealed result at the aggregator and checks its receipt (signature, log entry, inclusion proof, checkpoint): {(receipt.IsValid ? "valid" : "INVALID: " + receipt.Failure)}");
            PrintResult(document.RootElement.GetProperty("result"), apps);

            var (audited, caught) = await AuditAsync(apps, auditorKey, cancellationToken);
            Step($"The audit office downloads the three signed logs and checks offline that the release combined exactly the vector each bureau logged (dsc audit federation): {(audited.IsValid ? $"valid, released at entry {audited.ReleaseEntry} of Beijing's log" : "INVALID: " + audited.Failure)}");
            Step($"Someone alters the vector digest Tianjin logged in a copy of its export: {(caught.IsValid ? "NOT CAUGHT" : "the check refuses it")}");
            console.WriteLine($"   {caught.Failure}");

            console.MarkupLine("[bold]Done.[/] The data directory stays for you to inspect; check the federation again with:");
            console.WriteLine($"  dsc audit federation {FederationId} \\");
            console.WriteLine($"    --aggregator {Export(0)}={PublicKeyFile(apps, 0)} \\");
            for (var c = 1; c < apps.Count; c++)
            {
                console.WriteLine($"    --participant {Export(c)}={PublicKeyFile(apps, c)}{(c < apps.Count - 1 ? " \\" : "")}");
            }
            return receipt.IsValid && audited.IsValid && !caught.IsValid ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        }
        finally
        {
            foreach (var key in supplierKeys)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>What the aggregator holds of one participant: the masked vector's digest and words, read from its store.</summary>
    private static (string Digest, ulong[] Words) AggregatorSaw(ConnectorApp aggregator, string participant)
    {
        var store = aggregator.Services.GetRequiredService<IConnectorStore>();
        var vector = store.ListFederationVectorsAsync(FederationId, CancellationToken.None).GetAwaiter().GetResult().Single(v => v.Participant == participant);
        var statement = SignedStatement.Parse(vector.StatementJson);
        return SecureAggregation.TryDecode(statement.Body["vector"]?.GetValue<string>(), FederatedMaxWords, out var words, out var problem)
            ? (vector.Digest, words)
            : throw new InvalidOperationException(problem);
    }

    private const int FederatedMaxWords = DataSpace.Sandbox.Plans.FederatedPlans.MaxVectorLength;

    private void PrintResult(JsonElement release, List<ConnectorApp> apps)
    {
        var table = new Table().AddColumns("industry", "enterprises (noisy)", "mean tax (noisy)", "for the demo only: true count", "true mean tax");
        foreach (var group in release.GetProperty("groups").EnumerateArray())
        {
            var industry = group.GetProperty("key")[0].GetString()!;
            var truth = Truth(apps, [0, 1, 2], industry);
            table.AddRow(new[]
            {
                industry,
                group.GetProperty("count").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
                group.GetProperty("values")[0].GetProperty("mean").GetDouble().ToString("N1", CultureInfo.InvariantCulture),
                truth.Count.ToString("N0", CultureInfo.InvariantCulture),
                truth.MeanTax.ToString("N1", CultureInfo.InvariantCulture),
            }.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {release.GetProperty("groups").GetArrayLength()} of {Industries.Length} industries released; {release.GetProperty("mechanism").GetString()} noise shared by the three bureaus (any two shares already carry the full noise of epsilon {release.GetProperty("epsilonSpent").GetDouble()}); the true figures come from the demo's own generator, which only a demo can see"));
    }

    /// <summary>The true count and mean tax (clamped to the plan's bounds) of <paramref name="industry"/> over the given cities' files.</summary>
    private static (long Count, double MeanTax) Truth(List<ConnectorApp> apps, int[] cities, string industry)
    {
        long count = 0;
        double sum = 0;
        foreach (var city in cities)
        {
            foreach (var line in File.ReadLines(Path.Combine(apps[city].DataDirectory.DatasetsDirectory, SampleData.TaxFile)).Skip(1))
            {
                var cells = line.Split(',');
                if (cells[2] == industry)
                {
                    count++;
                    sum += Math.Clamp(double.Parse(cells[5], CultureInfo.InvariantCulture), 0, 2000);
                }
            }
        }

        return (count, count == 0 ? 0 : sum / count);
    }

    private async Task<(FederationAuditResult Audited, FederationAuditResult Caught)> AuditAsync(List<ConnectorApp> apps, SigningKey auditorKey, CancellationToken cancellationToken)
    {
        var logs = new List<FederationAuditLog>();
        for (var c = 0; c < apps.Count; c++)
        {
            using var auditor = Client(auditorKey, apps[c]);
            using var zip = await auditor.GetAsync(new Uri("/api/v1/audit/export", UriKind.Relative), cancellationToken);
            zip.EnsureSuccessStatusCode();
            ZipFile.ExtractToDirectory(await zip.Content.ReadAsStreamAsync(cancellationToken), Export(c));
            await File.WriteAllTextAsync(PublicKeyFile(apps, c), apps[c].Identity.PublicKeyPem, cancellationToken);
            logs.Add(new FederationAuditLog(Export(c), PublicKey.ImportPem(apps[c].Identity.PublicKeyPem)));
        }

        var audited = FederationAudit.Audit(FederationId, logs[0], logs, cancellationToken);

        // A copy of Tianjin's export whose contribution names another vector: re-signing is impossible, so the export no
        // longer verifies, or (had Tianjin itself logged another digest) the digests disagree; either way it is refused.
        var tampered = Path.Combine(directory, "export-tianjin-tampered");
        Directory.CreateDirectory(tampered);
        foreach (var file in Directory.GetFiles(Export(1)))
        {
            File.Copy(file, Path.Combine(tampered, Path.GetFileName(file)));
        }

        var entries = Path.Combine(tampered, LogExport.EntriesFile);
        var lines = await File.ReadAllLinesAsync(entries, cancellationToken);
        var index = Array.FindIndex(lines, l => l.Contains("\"federation.contribute\"", StringComparison.Ordinal));
        var at = lines[index].IndexOf("sha256:", lines[index].IndexOf("\"vector\"", StringComparison.Ordinal), StringComparison.Ordinal) + 7;
        lines[index] = lines[index][..at] + (lines[index][at] == '0' ? '1' : '0') + lines[index][(at + 1)..];
        await File.WriteAllTextAsync(entries, string.Concat(lines.Select(l => l + "\n")), cancellationToken);
        var caught = FederationAudit.Audit(FederationId, logs[0], [logs[0], logs[1] with { ExportFolder = tampered }, logs[2]], cancellationToken);
        return (audited, caught);
    }

    private string Export(int city) => Path.Combine(directory, $"export-{Cities[city].Name.ToLowerInvariant()}");

    private string PublicKeyFile(List<ConnectorApp> apps, int city) => Path.Combine(directory, $"{Cities[city].Name.ToLowerInvariant()}.pub");

    private void Step(string text) => console.MarkupLine($"[green]{++_step}.[/] {Markup.Escape(text)}");

    private static HttpClient Client(SigningKey key, ConnectorApp app) => new(new SigningHandler(key)) { BaseAddress = app.Addresses[0] };

    private static JsonNode Resource(string name)
    {
        using var stream = typeof(DemoFederationRun).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in dsc");
        return JsonNode.Parse(stream)!;
    }
}
