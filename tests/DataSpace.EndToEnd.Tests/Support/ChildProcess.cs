using System.Diagnostics;
using System.Text;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// A child process with its stdout and stderr captured line by line while it runs, so a test can wait for a line
/// and show what the child printed when something goes wrong. Disposing kills the whole process tree if it is still
/// running: a failing test never leaves a connector or gateway behind.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int TailCharacters = 6000;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Lock _gate = new();

    private ChildProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The command as started, for failure messages.</summary>
    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything written to stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Everything written to stderr so far.</summary>
    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/>. The child inherits no <c>DSC_*</c> variable
    /// from the test run (a developer's DSC_URL or DSC_KEY_PASSPHRASE would change what it does); it gets
    /// <paramref name="environment"/> instead.
    /// </summary>
    public static ChildProcess Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("DSC_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var commandLine = string.Join(' ', [fileName, .. info.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)]);
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, commandLine);
        process.OutputDataReceived += (_, e) => child.Append(child._output, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._error, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {commandLine}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.Append(line).Append('\n');
        }
    }

    /// <summary>Waits until the child exits and its output is read to the end; kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{CommandLine} did not finish within {timeout.TotalSeconds:0} s\n{Describe()}");
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// Polls the captured stdout until <paramref name="find"/> returns a value; fails if the child exits first or
    /// after <paramref name="timeout"/>, with what it printed.
    /// </summary>
    public async Task<T> WaitForOutputAsync<T>(Func<string, T?> find, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (find(Output) is { } found)
            {
                return found;
            }

            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                if (find(Output) is { } last)
                {
                    return last;
                }

                throw new InvalidOperationException($"{CommandLine} exited with {_process.ExitCode} before {what}\n{Describe()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{CommandLine}: no {what} within {timeout.TotalSeconds:0} s\n{Describe()}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL to the child and everything it started (kill -9: no shutdown code runs), then waits for it.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{CommandLine} (pid {_process.Id}) did not die within 30 s of SIGKILL");
        }
    }

    /// <summary>The exit code (if any) and the tails of stdout and stderr, for failure messages.</summary>
    public string Describe()
    {
        var exit = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
        return $"--- {CommandLine} ({exit})\n--- stdout:\n{Tail(Output)}\n--- stderr:\n{Tail(Error)}";
    }

    private static string Tail(string text) =>
        text.Length <= TailCharacters ? text : "[...]" + text[^TailCharacters..];

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
