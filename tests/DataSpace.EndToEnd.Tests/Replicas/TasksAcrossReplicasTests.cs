using System.Net;
using System.Text;
using System.Text.Json;
using DataSpace.Crypto.Envelope;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;
using Npgsql;
using Parquet;
using Parquet.Schema;

namespace DataSpace.EndToEnd.Tests.Replicas;

/// <summary>
/// Issue 18, item 4: an aggregate module job over a folder of Parquet files, split into tasks that the runners of three
/// <c>dsc serve</c> replicas on one PostgreSQL claim (docs/connector-service.md, "Tasks"). One replica is killed (-9) while
/// it runs a task that is not its own job's: the task's lease ends, another replica claims it again, and the job is
/// released once, with exactly the counts and sums of every row, and the log holds one decision, one read per task and
/// one release.
/// </summary>
public sealed class TasksAcrossReplicasTests : IDisposable
{
    private const int Files = 8;
    private const int RowsPerFile = 600_000;
    private static readonly string[] Regions = ["east", "north", "south", "west"];

    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    private static (string Region, double Income, double Tax) Row(long i) => (Regions[i % 4], i % 1000 * 10.0, i % 50 + 0.5);

    private static async Task WriteFolderAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        for (var file = 0; file < Files; file++)
        {
            // The offer names the walkthrough's columns, industry among them (the job does not ask for it).
            DataField<string> region = new("region"), industry = new("industry");
            DataField<double> income = new("income"), tax = new("tax");
            await using var stream = File.Create(Path.Combine(folder, $"part-{file}.parquet"));
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(region, industry, income, tax), stream);
            using var group = writer.CreateRowGroup();
            var rows = Enumerable.Range(0, RowsPerFile).Select(i => Row((long)file * RowsPerFile + i)).ToArray();
            await group.WriteAsync(region, rows.Select(r => r.Region).ToArray());
            await group.WriteAsync(industry, rows.Select(_ => "manufacturing").ToArray());
            await group.WriteAsync<double>(income, rows.Select(r => r.Income).ToArray());
            await group.WriteAsync<double>(tax, rows.Select(r => r.Tax).ToArray());
        }
    }

    private static async Task<List<(int Number, string State, int Attempt, string? ClaimedBy)>> TasksAsync(string connectionString, string job)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT task_no, state, attempt, claimed_by FROM job_tasks WHERE job_id = @job ORDER BY task_no", connection);
        query.Parameters.AddWithValue("job", job);
        await using var reader = await query.ExecuteReaderAsync();
        var tasks = new List<(int, string, int, string?)>();
        while (await reader.ReadAsync())
        {
            tasks.Add((reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return tasks;
    }

    [Fact]
    public async Task ThreeReplicasRunTheTasks_OneKilledMidTask_AnotherTakesItOver_AndTheJobIsReleasedOnceWithEveryRow()
    {
        var root = _files.Combine("replicas");
        var folder = Path.Combine(root, "datasets", "tax-parts");
        await WriteFolderAsync(folder);
        await using var replicas = await ReplicaSet.StartAsync(root, 3, new Dictionary<string, string>
        {
            ["Jobs:TaskWorkers"] = "1",
            ["Jobs:TaskLease"] = "00:00:02",
        });
        var keys = _files.Combine("keys");
        using var operatorKey = Scenario.NewKey(keys, "operator", SignatureSuites.Ed25519);
        using var dataUserKey = Scenario.NewKey(keys, "data-user", SignatureSuites.P256);
        using var auditorKey = Scenario.NewKey(keys, "auditor", SignatureSuites.Ed25519);
        using var supplierKey = KeyFiles.LoadSigningKey(replicas.KeyFile);
        var a = replicas.Address(0)!;
        using var supplier = new SignedClient(supplierKey, a, []);
        using var operatorOnA = new SignedClient(operatorKey, a, []);
        await Scenario.AgreeAsync(supplier, operatorOnA, folder, operatorKey, dataUserKey, auditorKey);

        var job = (await operatorOnA.PostAsync("/api/v1/jobs", Scenario.Job(Scenario.Manifest(dataUserKey.PublicKey.ExportPem()), SampleFiles.GroupedStatsWasm), HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        await supplier.PostAsync($"/api/v1/jobs/{job}/approve", null, HttpStatusCode.OK);

        // The job's own runner is whichever replica started it; the victim is another replica caught holding a task.
        var started = await operatorOnA.WaitForJobAsync(job, TimeSpan.FromSeconds(60), "Running", "Released", "Failed");
        Assert.True(started.GetProperty("state").GetString() == "Running", started.GetRawText());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? victim = null;
        int victimTask = 0;
        string? jobRunner = null;
        while (victim is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no replica other than the job's runner was seen holding a task");
            jobRunner ??= await RunnerOfAsync(replicas.ConnectionString, job);
            foreach (var task in await TasksAsync(replicas.ConnectionString, job))
            {
                if (task.State == "claimed" && jobRunner is not null && task.ClaimedBy != jobRunner)
                {
                    (victim, victimTask) = (task.ClaimedBy, task.Number);
                    break;
                }
            }

            await Task.Delay(10);
        }

        await replicas.KillAsync(int.Parse(victim!["replica-".Length..], System.Globalization.CultureInfo.InvariantCulture));

        var released = await operatorOnA.WaitForJobAsync(job, TimeSpan.FromSeconds(120), "Released", "Failed", "Refused");
        Assert.True(released.GetProperty("state").GetString() == "Released", released.GetRawText());

        // The killed replica's task was claimed again and finished by another; at least two replicas ran tasks.
        var tasks = await TasksAsync(replicas.ConnectionString, job);
        Assert.Equal(Enumerable.Repeat("done", Files), tasks.Select(t => t.State));
        var taken = tasks.Single(t => t.Number == victimTask);
        Assert.True(taken.Attempt >= 2 && taken.ClaimedBy != victim, $"task {victimTask}: attempt {taken.Attempt} by {taken.ClaimedBy}, killed {victim}");
        Assert.True(tasks.Select(t => t.ClaimedBy).Distinct().Count() >= 2, string.Join(", ", tasks.Select(t => t.ClaimedBy)));

        // Exactly every row's counts and sums.
        using var dataUser = new SignedClient(dataUserKey, a, []);
        var result = await dataUser.GetAsync("/api/v1/results/" + job);
        var plaintext = Encoding.UTF8.GetString(Envelopes.Open(dataUserKey, job, SealedEnvelope.Parse(Convert.FromBase64String(result.GetProperty("envelope").GetString()!))));
        using var document = JsonDocument.Parse(plaintext);
        var groups = document.RootElement.GetProperty("aggregate").GetProperty("Groups").EnumerateArray().ToDictionary(g => g.GetProperty("Key").GetString()!);
        Assert.Equal(Regions, groups.Keys.Order(StringComparer.Ordinal));
        for (var r = 0; r < Regions.Length; r++)
        {
            var rows = Enumerable.Range(0, Files * RowsPerFile).Where(i => i % 4 == r).Select(i => Row(i)).ToList();
            var group = groups[Regions[r]];
            Assert.Equal(rows.Count, group.GetProperty("Count").GetInt64());
            Assert.Equal(rows.Sum(x => x.Income), group.GetProperty("Measures")[0].GetProperty("Sum").GetDouble());
            Assert.Equal(rows.Sum(x => x.Tax), group.GetProperty("Measures")[1].GetProperty("Sum").GetDouble());
        }

        // One decision, one read per task, one release in the one log.
        using var auditor = new SignedClient(auditorKey, a, []);
        var export = _files.Combine("export");
        await auditor.ExportAuditLogAsync(export);
        var actions = (await File.ReadAllLinesAsync(Path.Combine(export, "entries.jsonl"))).Select(SignedClient.Entry).Where(e => e.Resource == "job/" + job).Select(e => e.Action).ToList();
        Assert.Equal(1, actions.Count(x => x == "policy.decision"));
        Assert.Equal(Files, actions.Count(x => x == "dataset.read"));
        Assert.Equal(1, actions.Count(x => x == "result.release"));
    }

    /// <summary>The replica whose runner started <paramref name="job"/>, once it has.</summary>
    private static async Task<string?> RunnerOfAsync(string connectionString, string job)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT runner_id FROM jobs WHERE id = @job", connection);
        query.Parameters.AddWithValue("job", job);
        return await query.ExecuteScalarAsync() as string;
    }
}
