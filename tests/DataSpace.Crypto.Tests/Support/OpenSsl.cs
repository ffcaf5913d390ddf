using System.Diagnostics;

namespace DataSpace.Crypto.Tests.Support;

/// <summary>Runs the <c>openssl</c> command line (OpenSSL 3) as a child process.</summary>
internal static class OpenSsl
{
    public static OpenSslResult Run(string workingDirectory, params string[] arguments)
    {
        DataSpace.Tests.Common.Prerequisites.Ensure("openssl", "openssl");
        var startInfo = new ProcessStartInfo("openssl")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start openssl");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new OpenSslResult(process.ExitCode, output, error.GetAwaiter().GetResult());
    }

    /// <summary>Runs openssl and fails the test with its stderr when it exits non-zero.</summary>
    public static OpenSslResult RunChecked(string workingDirectory, params string[] arguments)
    {
        var result = Run(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
        return result;
    }

    /// <summary>The genpkey arguments that make a key of <paramref name="suite"/>.</summary>
    public static string[] GenPkeyArguments(string suite) => suite switch
    {
        "ed25519" => ["-algorithm", "ED25519"],
        "sm2" => ["-algorithm", "SM2"],
        "p256" => ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "unknown suite"),
    };

    /// <summary>The pkeyutl -rawin arguments that sign or verify the whole message as each suite does.</summary>
    public static string[] DigestArguments(string suite) => suite switch
    {
        "ed25519" => [],
        "sm2" => ["-digest", "sm3", "-pkeyopt", "distid:1234567812345678"],
        "p256" => ["-digest", "sha256"],
        _ => throw new ArgumentOutOfRangeException(nameof(suite), suite, "unknown suite"),
    };
}
