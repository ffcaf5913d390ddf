using System.Text.Json;
using DataSpace.Crypto.Checkpoints;
using DataSpace.Cli.Tests.Support;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Tests.Keys;

/// <summary>
/// Runs <c>dsc keys</c> in-process. The tests share one class because <c>keys new</c> reads the
/// process-wide DSC_KEY_PASSPHRASE variable, which one test sets.
/// </summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dsc-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("ed25519")]
    [InlineData("sm2")]
    [InlineData("p256")]
    public async Task KeysNew_EachSuite_WritesKeyAndPublicKeyAndPrintsKeyId(string suite)
    {
        var path = Path.Combine(_directory, "key.pem");

        var result = await RunAsync("keys", "new", "--suite", suite, "--out", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var key = KeyFiles.LoadSigningKey(path);
        Assert.Equal(suite, key.Suite.Name);
        Assert.Equal(key.PublicKey, KeyFiles.LoadPublicKey(path + ".pub"));
        Assert.Equal(key.PublicKey.KeyId + Environment.NewLine, result.Output);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysNew_Json_NamesSuiteKeyIdAndBothFiles()
    {
        var path = Path.Combine(_directory, "key.pem");

        var result = await RunAsync("keys", "new", "--suite", "p256", "--out", path, "--json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("p256", json.RootElement.GetProperty("suite").GetString());
        Assert.Equal(KeyFiles.LoadPublicKey(path).KeyId, json.RootElement.GetProperty("keyId").GetString());
        Assert.Equal(path + ".pub", json.RootElement.GetProperty("publicKey").GetString());
    }

    [Fact]
    public async Task KeysNew_PassphraseVariableSet_WritesEncryptedKey()
    {
        var path = Path.Combine(_directory, "key.pem");
        Environment.SetEnvironmentVariable(KeyFiles.DefaultPassphraseVariable, "cli secret");
        try
        {
            var result = await RunAsync("keys", "new", "--suite", "ed25519", "--out", path);

            Assert.Equal(ExitCodes.Ok, result.ExitCode);
            Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
            using var key = SigningKey.ImportPkcs8Pem(File.ReadAllText(path), "cli secret");
            Assert.Equal(key.PublicKey.KeyId + Environment.NewLine, result.Output);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeyFiles.DefaultPassphraseVariable, null);
        }
    }

    [Theory]
    [InlineData("key.pem")]
    [InlineData("key.pem.pub")]
    public async Task KeysNew_ExistingFile_RefusesAndLeavesItUnchanged(string existing)
    {
        var path = Path.Combine(_directory, "key.pem");
        File.WriteAllText(Path.Combine(_directory, existing), "precious");

        var result = await RunAsync("keys", "new", "--suite", "sm2", "--out", path);

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("refusing to overwrite", result.Error, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(_directory, existing)));
        Assert.Single(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task KeysNew_UnknownSuite_ExitsWithUsageNamingValidSuites()
    {
        var result = await RunAsync("keys", "new", "--suite", "rsa", "--out", Path.Combine(_directory, "key.pem"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("dsc: unknown signature suite 'rsa': expected one of ed25519, sm2, p256" + Environment.NewLine, result.Error);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task KeysNew_MissingSuite_ExitsWithUsage()
    {
        var result = await RunAsync("keys", "new", "--out", Path.Combine(_directory, "key.pem"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--suite", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ed25519", "key.pem")]
    [InlineData("sm2", "key.pem.pub")]
    [InlineData("p256", "key.pem")]
    public async Task KeysShow_KeyFile_PrintsSuiteKeyIdAndPublicKey(string suite, string file)
    {
        var path = Path.Combine(_directory, "key.pem");
        await RunAsync("keys", "new", "--suite", suite, "--out", path);
        var key = KeyFiles.LoadPublicKey(path);

        var result = await RunAsync("keys", "show", Path.Combine(_directory, file));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var origin = $"dataspace/{key.KeyId}";
        var verifier = suite == "ed25519" ? $"note verifier key: {NoteKeys.VerifierKey(origin, key)}\n" : "";
        Assert.Equal($"suite: {suite}\nkey id: {key.KeyId}\nlog origin: {origin}\n{verifier}{key.ExportPem()}".Replace("\n", Environment.NewLine, StringComparison.Ordinal), result.Output);
    }

    [Fact]
    public async Task KeysShow_Json_PrintsTheSameFieldsAsJson()
    {
        var path = Path.Combine(_directory, "key.pem");
        await RunAsync("keys", "new", "--suite", "sm2", "--out", path);
        var key = KeyFiles.LoadPublicKey(path);

        var result = await RunAsync("keys", "show", "--json", path);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("sm2", json.RootElement.GetProperty("suite").GetString());
        Assert.Equal(key.KeyId, json.RootElement.GetProperty("keyId").GetString());
        Assert.Equal(key.ExportPem(), json.RootElement.GetProperty("publicKeyPem").GetString());
    }

    [Fact]
    public async Task KeysShow_GarbageFile_ExitsWithInputErrorNamingTheFile()
    {
        var path = Path.Combine(_directory, "garbage.pem");
        File.WriteAllText(path, "not a key");

        var result = await RunAsync("keys", "show", path);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.StartsWith($"dsc: {path}: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task KeysShow_MissingFile_ExitsWithIoError()
    {
        var result = await RunAsync("keys", "show", Path.Combine(_directory, "absent.pem"));

        Assert.Equal(ExitCodes.IoError, result.ExitCode);
        Assert.Contains("absent.pem", result.Error, StringComparison.Ordinal);
    }

    private static Task<CliResult> RunAsync(params string[] args) => Dsc.RunAsync(args);
}
