using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace DataSpace.Cli.Jobs;

/// <summary>
/// The pinned C toolchain of the job SDK (docs/module-review.md, "verify-build"): the SDK directory holds the headers and
/// <c>dsc-cc</c>, the one script that knows the pinned compiler and the fixed flags (samples/build.sh builds the samples
/// with it). It ships beside <c>dsc</c> as <c>sdk/c</c>; <c>--sdk DIR</c> names another copy. The compiler is
/// <c>$CLANG</c> or <c>clang</c> on the PATH, run by <c>bash</c>.
/// </summary>
internal sealed class SdkToolchain
{
    /// <summary>How long one build may take before it is stopped (a hostile source can make a compiler work for ever).</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private const int MaxDiagnosticChars = 8000;

    private SdkToolchain(string directory)
    {
        Directory = directory;
    }

    /// <summary>The SDK shipped beside <c>dsc</c>.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "sdk", "c");

    public string Directory { get; }

    private string Script => Path.Combine(Directory, "dsc-cc");

    /// <summary>The SDK in <paramref name="sdk"/> (or the default); throws <see cref="ToolchainUnavailableException"/> when it is not one.</summary>
    public static SdkToolchain Locate(string? sdk)
    {
        var directory = Path.GetFullPath(sdk ?? DefaultDirectory);
        foreach (var file in new[] { "dsc-cc", "dsc.h", "dsc_util.h" })
        {
            if (!File.Exists(Path.Combine(directory, file)))
            {
                throw new ToolchainUnavailableException(
                    $"{directory} is not the job SDK: it has no {file} (give --sdk with the samples/sdk/c directory of the connector's sources)");
            }
        }

        return new SdkToolchain(directory);
    }

    /// <summary>Whether the compiler found is the pinned one; throws <see cref="ToolchainUnavailableException"/> when it is not, or is missing.</summary>
    public async Task<string> RequirePinnedAsync(CancellationToken cancellationToken)
    {
        var (exitCode, output, error) = await RunAsync(["--toolchain"], Directory, TimeSpan.FromMinutes(1), cancellationToken);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pinned = Field(lines, "pinned: ");
        var found = Field(lines, "found: ");
        return exitCode switch
        {
            0 => found,
            3 => throw new ToolchainUnavailableException(
                $"the compiler found is '{found}', not the pinned '{pinned}': another compiler may give other bytes for the same source, " +
                "so a mismatch would prove nothing; install the pinned toolchain (or set CLANG to it) and run again"),
            4 => throw new ToolchainUnavailableException($"the pinned toolchain ({pinned}) is not installed: {found.Replace("none: ", "", StringComparison.Ordinal)}"),
            _ => throw new ToolchainUnavailableException($"{Script} --toolchain failed (exit {exitCode}): {Trim(error + output)}"),
        };
    }

    /// <summary>Builds <paramref name="source"/> (the exact bytes) with the pinned flags: the module, or null and the compiler's messages.</summary>
    public async Task<(byte[]? Module, string Diagnostics)> BuildAsync(byte[] source, CancellationToken cancellationToken)
    {
        var work = System.IO.Directory.CreateTempSubdirectory("dsc-verify-build-").FullName;
        try
        {
            var input = Path.Combine(work, "job.c");
            var output = Path.Combine(work, "job.wasm");
            await File.WriteAllBytesAsync(input, source, cancellationToken);
            var (exitCode, stdout, stderr) = await RunAsync([input, output], work, BuildTimeout, cancellationToken);
            var diagnostics = Trim(stderr + stdout);
            return exitCode == 0 && File.Exists(output) ? (await File.ReadAllBytesAsync(output, cancellationToken), diagnostics) : (null, diagnostics);
        }
        finally
        {
            System.IO.Directory.Delete(work, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ToolchainUnavailableException($"cannot run bash, which runs {Script}: {e.Message}");
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return (-1, await output, $"stopped after {timeout.TotalSeconds:0} s: {await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string Field(string[] lines, string prefix) =>
        lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..] ?? "(unknown)";

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length <= MaxDiagnosticChars ? text : new StringBuilder(text, 0, MaxDiagnosticChars, MaxDiagnosticChars + 16).Append("\n...").ToString();
    }
}
