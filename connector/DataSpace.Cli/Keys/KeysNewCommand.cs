using System.CommandLine;
using DataSpace.Cli.Client;
using DataSpace.Crypto.Signatures;

namespace DataSpace.Cli.Keys;

/// <summary>
/// <c>dsc keys new --suite SUITE --out FILE</c>: writes FILE (PKCS#8 PEM, encrypted when
/// DSC_KEY_PASSPHRASE is set) and FILE.pub (public key PEM), and prints the key id.
/// </summary>
internal static class KeysNewCommand
{
    public static Command Create()
    {
        var suite = new Option<string>("--suite")
        {
            Description = "Signature suite: " + string.Join(", ", SignatureSuites.All.Select(s => s.Name)),
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = $"Private key file to create; the public key goes to FILE.pub. Encrypted when {KeyFiles.DefaultPassphraseVariable} is set",
            Required = true,
        };

        var json = new Option<bool>("--json") { Description = "Print {suite, keyId, key, publicKey} as JSON instead of the key id" };
        var command = new Command("new", "Generate a key pair and write it to new files");
        command.Options.Add(suite);
        command.Options.Add(output);
        command.Options.Add(json);
        command.SetAction(parseResult => CommandErrors.Run(parseResult, stdout =>
            Run(parseResult.GetRequiredValue(suite), parseResult.GetRequiredValue(output), parseResult.GetValue(json), stdout, parseResult.InvocationConfiguration.Error)));
        return command;
    }

    private static int Run(string suiteName, string path, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (!SignatureSuites.TryGet(suiteName, out var suite))
        {
            var names = string.Join(", ", SignatureSuites.All.Select(s => s.Name));
            return CommandErrors.Report(stderr, $"unknown signature suite '{suiteName}': expected one of {names}", ExitCodes.Usage);
        }

        var publicPath = path + ".pub";
        var existing = new[] { path, publicPath }.FirstOrDefault(File.Exists);
        if (existing is not null)
        {
            return CommandErrors.Report(stderr, $"{existing}: file exists; refusing to overwrite it", ExitCodes.IoError);
        }

        using var key = suite.GenerateKey();
        KeyFiles.SaveSigningKey(key, path, Environment.GetEnvironmentVariable(KeyFiles.DefaultPassphraseVariable));
        using (var stream = new FileStream(publicPath, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.PublicKey.ExportPem());
        }

        if (json)
        {
            CliJson.Write(stdout, new { suite = suite.Name, keyId = key.PublicKey.KeyId, key = Path.GetFullPath(path), publicKey = Path.GetFullPath(publicPath) });
        }
        else
        {
            stdout.WriteLine(key.PublicKey.KeyId);
        }

        return ExitCodes.Ok;
    }
}
