using System.Net.Http.Json;
using System.Text.Json;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Demo;

/// <summary>What both demos do over HTTP and on disk: signed calls that fail loudly, waiting for a job's end, new key files.</summary>
internal static class DemoCalls
{
    public static async Task<JsonElement> Post(HttpClient client, string path, object? body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(path, body is null ? null : JsonContent.Create(body), cancellationToken);
        return await Read(response, path, cancellationToken);
    }

    public static async Task<JsonElement> Get(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        return await Read(response, path, cancellationToken);
    }

    /// <summary>Polls the job every 20 ms until it is Released, Refused or Failed, for at most <paramref name="seconds"/>.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string job, int seconds, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < seconds * 50; attempt++)
        {
            var state = await Get(client, "/api/v1/jobs/" + job, cancellationToken);
            if (state.GetProperty("state").GetString() is "Released" or "Refused" or "Failed")
            {
                return state;
            }

            await Task.Delay(20, cancellationToken);
        }

        throw new TimeoutException($"job {job} did not finish within {seconds} s");
    }

    /// <summary>A new key of <paramref name="suite"/>, saved as <c>keys/NAME.key</c> and <c>.pub</c> under <paramref name="directory"/>.</summary>
    public static SigningKey NewKey(string directory, string name, ISignatureSuite suite)
    {
        var key = suite.GenerateKey();
        var keys = Path.Combine(directory, "keys");
        Directory.CreateDirectory(keys);
        KeyFiles.SaveSigningKey(key, Path.Combine(keys, name + ".key"));
        File.WriteAllText(Path.Combine(keys, name + ".key.pub"), key.PublicKey.ExportPem());
        return key;
    }

    private static async Task<JsonElement> Read(HttpResponseMessage response, string path, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
