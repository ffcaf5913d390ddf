using System.Net.Http.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using DataSpace.EndToEnd.Tests.Support;

namespace DataSpace.WebConsole.Tests.Support;

/// <summary>
/// The README walkthrough's parties as processes: the tax bureau's <c>dsc serve</c> and <c>dsc gateway</c> (child
/// processes, as an operator starts them), the other parties' key files, the walkthrough's sample dataset in the
/// connector's data root, and on demand a <c>dsc console</c> process for any key, whose printed login link the test opens.
/// Nothing is registered: the test does every step in the browser. Disposing kills every process and deletes the files.
/// </summary>
public sealed class ProcessWorld : IAsyncDisposable
{
    private readonly string _root;
    private readonly List<ChildProcess> _consoles = [];

    private ProcessWorld(string root, ConnectorProcess connector, GatewayProcess gateway)
    {
        _root = root;
        Connector = connector;
        Gateway = gateway;
    }

    internal ConnectorProcess Connector { get; }

    internal GatewayProcess Gateway { get; }

    /// <summary>The connector's address (the supplier's console talks to it: the gateway hides the supplier's routes).</summary>
    public Uri ConnectorAddress => Connector.BaseAddress;

    /// <summary>The gateway's address (the other parties' consoles talk to it).</summary>
    public Uri GatewayAddress => Gateway.BaseAddress;

    /// <summary>The connector's public key file, which the tax bureau hands the other parties (they pin it).</summary>
    public string ConnectorPublicKeyFile => Connector.KeyFile + ".pub";

    /// <summary>The tax bureau's key: the connector's own, made at its first start.</summary>
    public string SupplierKeyFile => Connector.KeyFile;

    public SigningKey OperatorKey { get; } = SignatureSuites.Sm2.GenerateKey();

    public SigningKey DataUserKey { get; } = SignatureSuites.P256.GenerateKey();

    public SigningKey AuditorKey { get; } = SignatureSuites.Ed25519.GenerateKey();

    /// <summary>Where the sample dataset was copied: under the connector's data root, as the walkthrough copies it.</summary>
    public string DatasetFile => Path.Combine(Connector.DataDirectory, "datasets", "enterprise-tax-2025.csv");

    public static async Task<ProcessWorld> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("dsc-console-walkthrough-").FullName;
        ConnectorProcess? connector = null;
        try
        {
            connector = await ConnectorProcess.StartAsync(Path.Combine(root, "connector"), new Dictionary<string, string>
            {
                // Released results are published at once rather than on the hour grid (docs/job-publication.md).
                ["Jobs:PublishGrid"] = "00:00:00",
            });
            var gateway = await GatewayProcess.StartAsync(connector, Path.Combine(root, "gateway"));
            var world = new ProcessWorld(root, connector, gateway);
            Directory.CreateDirectory(Path.GetDirectoryName(world.DatasetFile)!);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Samples", "data", "enterprise-tax-2025.csv"), world.DatasetFile);
            return world;
        }
        catch
        {
            if (connector is not null)
            {
                await connector.DisposeAsync();
            }

            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>A walkthrough file's text (<c>samples/walkthrough/NAME</c>).</summary>
    public static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "walkthrough", name));

    /// <summary>Writes <paramref name="key"/> to a key file of its own and returns the file's path.</summary>
    public string KeyFile(SigningKey key, string name)
    {
        var file = Path.Combine(_root, name + ".key");
        if (!File.Exists(file))
        {
            KeyFiles.SaveSigningKey(key, file);
        }

        return file;
    }

    /// <summary>
    /// Starts <c>dsc console --url URL --key KEYFILE [OPTIONS]</c> as a child process and returns the login link it prints
    /// (<c>open this link once to sign in ...: http://127.0.0.1:PORT/login?token=...</c>).
    /// </summary>
    public async Task<Uri> ConsoleAsync(string keyFile, Uri url, params string[] options)
    {
        var child = DscCli.Start(["console", "--url", url.ToString(), "--key", keyFile, .. options], _root);
        _consoles.Add(child);
        return await child.WaitForOutputAsync(
            output => output.Split('\n').FirstOrDefault(line => line.Contains("/login?token=", StringComparison.Ordinal)) is { } line
                && line.IndexOf("http://127.0.0.1:", StringComparison.Ordinal) is var at and >= 0
                ? new Uri(line[at..].Trim())
                : null,
            Readiness.Timeout, "the console's login link");
    }

    /// <summary>
    /// Waits until the gateway knows <paramref name="key"/>'s party (it reads the connector's trust list every second
    /// in these tests): a signed <c>whoami</c> through the gateway answers 200.
    /// </summary>
    public async Task WaitUntilTheGatewayTrustsAsync(SigningKey key)
    {
        using var client = new HttpClient(new SigningHandler(key)) { BaseAddress = GatewayAddress };
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync("/api/v1/whoami");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            Assert.True(attempt < 150, $"the gateway still refuses the party after {attempt} tries: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(100);
        }
    }

    /// <summary>What every process printed, for a failing test's message.</summary>
    public string Describe() =>
        string.Join("\n", new[] { Connector.Process, Gateway.Process }.Concat(_consoles).Select(child => child.Describe()));

    /// <summary>The connector's JSON answer to the supplier's signed GET of <paramref name="path"/>.</summary>
    public async Task<System.Text.Json.JsonElement> GetAsync(string path)
    {
        using var key = KeyFiles.LoadSigningKey(SupplierKeyFile);
        using var client = new HttpClient(new SigningHandler(key)) { BaseAddress = ConnectorAddress };
        return await client.GetFromJsonAsync<System.Text.Json.JsonElement>(path);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var console in _consoles)
        {
            await console.DisposeAsync();
        }

        await Gateway.DisposeAsync();
        await Connector.DisposeAsync();
        OperatorKey.Dispose();
        DataUserKey.Dispose();
        AuditorKey.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process ending in the background; the temp directory is cleaned later.
        }
    }
}
