using System.Collections.Concurrent;
using System.Diagnostics;

namespace DataSpace.Tests.Common;

/// <summary>
/// Makes sure a tool the tests run is installed, so that the README's test command works on its own from a fresh clone:
/// <c>.ci/install.sh</c> installs the Debian packages that provide it when it is missing (as root; one apt-get at a time
/// across test processes). A tool that cannot be had fails the test that needs it, saying what to install; nothing is
/// skipped.
/// </summary>
public static class Prerequisites
{
    private static readonly ConcurrentDictionary<string, Lazy<string?>> Checked = new(StringComparer.Ordinal);

    /// <summary>Ensures <paramref name="commandOrPath"/> (a command on the PATH, or an absolute path) exists, installing <paramref name="packages"/> if not.</summary>
    /// <exception cref="InvalidOperationException">It is missing and could not be installed; the message says what to install.</exception>
    public static void Ensure(string commandOrPath, params string[] packages)
    {
        var problem = Checked.GetOrAdd(commandOrPath, key => new Lazy<string?>(() => Install(key, packages))).Value;
        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>The repository's root (the folder holding Connector.sln), from the test's binary directory upwards.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("the tests run outside the repository: Connector.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? Install(string commandOrPath, string[] packages)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), ".ci", "install.sh"));
        start.ArgumentList.Add(commandOrPath);
        foreach (var package in packages)
        {
            start.ArgumentList.Add(package);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? null
            : $"'{commandOrPath}' is needed by this test and could not be installed ({error.Result.Trim()}); install: apt-get install {string.Join(' ', packages)}";
    }
}
