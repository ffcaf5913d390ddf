using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DataSpace.Sandbox.Modules;

/// <summary>
/// Compiles approved modules in the compiler worker, a child process (<c>DataSpace.Sandbox.Compiler</c>) that sets its
/// own CPU-time and memory limits before it reads the module, under a wall-clock deadline after which it is killed, at
/// most <see cref="ModuleCompilerOptions.MaxConcurrent"/> at a time. It returns the serialized module, which the host
/// loads into its engine of the same settings; anything else is a <see cref="ModuleRejectedException"/> naming the limit.
/// </summary>
internal sealed partial class ModuleCompiler(ModuleCompilerOptions options, bool consumeFuel, int maxStackBytes, ILogger logger) : IDisposable
{
    /// <summary>The worker's file name, beside the application unless <see cref="ModuleCompilerOptions.WorkerPath"/> says otherwise.</summary>
    public const string WorkerAssembly = "DataSpace.Sandbox.Compiler.dll";

    private const int MaxErrorChars = 600;

    private readonly SemaphoreSlim _gate = new(options.MaxConcurrent);

    /// <summary>Compiles, blocking the calling thread (for hosts without an async caller: tests, tools).</summary>
    public byte[] Compile(ReadOnlySpan<byte> wasm, string digest)
    {
        _gate.Wait();
        try
        {
            using var work = new WorkDirectory();
            using var worker = Start(wasm, work);
            var exited = worker.Process.WaitForExit(options.Timeout);
            return Collect(worker, exited, work, digest);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<byte[]> CompileAsync(ReadOnlyMemory<byte> wasm, string digest, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var work = new WorkDirectory();
            using var worker = Start(wasm.Span, work);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.Timeout);
            var exited = true;
            try
            {
                await worker.Process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                exited = false;
            }

            return Collect(worker, exited, work, digest);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> naming where the worker was looked for when it cannot be started:
    /// a host that could compile nothing refuses to start rather than fail every approved job.
    /// </summary>
    public static void EnsureInstalled(string? workerPath)
    {
        if (Launcher(workerPath) is null)
        {
            throw new InvalidOperationException(
                $"The module compiler worker is missing: {WorkerPathOf(workerPath)} (or the dotnet host to run it) was not found. " +
                "It is built from sandbox/DataSpace.Sandbox.Compiler, which every host of the sandbox references so that it is copied " +
                "beside the application (also by dotnet publish); set the sandbox's Compiler:WorkerPath if it is elsewhere.");
        }
    }

    private static string WorkerPathOf(string? workerPath) => workerPath ?? Path.Combine(AppContext.BaseDirectory, WorkerAssembly);

    private Worker Start(ReadOnlySpan<byte> wasm, WorkDirectory work)
    {
        var (fileName, prefix) = Launcher(options.WorkerPath)
            ?? throw new InvalidOperationException($"The module compiler worker is missing: {WorkerPathOf(options.WorkerPath)} was not found");
        work.Write("module.wasm", wasm);
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            CreateNoWindow = true,
        };
        foreach (var argument in prefix)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in new[]
        {
            "--input", work.PathOf("module.wasm"),
            "--output", work.PathOf("module.cwasm"),
            "--fuel", consumeFuel ? "true" : "false",
            "--stack", maxStackBytes.ToString(CultureInfo.InvariantCulture),
            "--cpu-seconds", ((int)Math.Ceiling(options.CpuTime.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            "--memory-bytes", options.MemoryBytes.ToString(CultureInfo.InvariantCulture),
            "--max-compiled-bytes", options.MaxCompiledBytes.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The runtime's heap within the memory limit (the GC otherwise reserves for a machine-sized heap), no diagnostics
        // pipes, the worker's own (workstation, non-concurrent) collector.
        start.Environment["DOTNET_GCHeapHardLimit"] = (options.MemoryBytes / 2).ToString("x", CultureInfo.InvariantCulture);
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        var worker = new Worker(new Process { StartInfo = start });
        worker.Process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        worker.Process.OutputDataReceived += (_, _) => { };
        worker.Process.Start();
        worker.Process.BeginErrorReadLine();
        worker.Process.BeginOutputReadLine();
        return worker;
    }

    private byte[] Collect(Worker worker, bool exited, WorkDirectory work, string digest)
    {
        if (!exited)
        {
            worker.Kill();
            Log.Refused(logger, digest, "deadline", $"killed after {options.Timeout}");
            throw new ModuleRejectedException(
                $"module could not be compiled within the deadline of {options.Timeout.TotalSeconds:N0} s");
        }

        // Waits for the standard error reader to finish too.
        worker.Process.WaitForExit();
        var code = worker.Process.ExitCode;
        var error = worker.Error;
        if (code == CompilerExitCodes.Compiled)
        {
            var output = new FileInfo(work.PathOf("module.cwasm"));
            if (!output.Exists || output.Length > options.MaxCompiledBytes)
            {
                throw new ModuleRejectedException("module could not be compiled: the compiler worker left no usable output");
            }

            return File.ReadAllBytes(output.FullName);
        }

        var reason = code switch
        {
            CompilerExitCodes.Refused => $"module could not be compiled: {error}",
            CompilerExitCodes.TooLarge => $"module could not be compiled: {error}",
            CompilerExitCodes.Unbounded => $"module could not be compiled: the compiler worker could not bound itself ({error})",
            CompilerExitCodes.CpuSignal or CompilerExitCodes.KillSignal =>
                $"module could not be compiled within the limit of {options.CpuTime.TotalSeconds:N0} s of CPU time",
            CompilerExitCodes.OutOfMemory or CompilerExitCodes.SegvSignal => MemoryReason(),
            CompilerExitCodes.AbortSignal when error.Length == 0 || error.Contains("memory allocation", StringComparison.Ordinal) => MemoryReason(),
            _ => $"module could not be compiled: the compiler worker exited with code {code}{(error.Length > 0 ? $" ({error})" : "")}",
        };
        Log.Refused(logger, digest, code.ToString(CultureInfo.InvariantCulture), error);
        throw new ModuleRejectedException(reason);
    }

    private string MemoryReason() =>
        $"module could not be compiled within the limit of {options.MemoryBytes:N0} bytes of memory";

    /// <summary>How to start the worker: <c>dotnet exec</c> with the running runtime's host, else its own app host.</summary>
    private static (string FileName, string[] Prefix)? Launcher(string? workerPath)
    {
        var assembly = WorkerPathOf(workerPath);

        // dotnet exec needs the worker's runtimeconfig.json beside it (publish copies it with the assembly).
        if (!File.Exists(assembly) || !File.Exists(Path.ChangeExtension(assembly, ".runtimeconfig.json")))
        {
            return null;
        }

        // The shared runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/, with the dotnet host in <root>.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (File.Exists(host))
        {
            return (host, ["exec", assembly]);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { } hostPath && File.Exists(hostPath))
        {
            return (hostPath, ["exec", assembly]);
        }

        var appHost = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        return File.Exists(appHost) ? (appHost, []) : null;
    }

    /// <summary>A started worker: its process and the first line or so of its standard error.</summary>
    private sealed class Worker(Process process) : IDisposable
    {
        private readonly StringBuilder _error = new();

        public Process Process { get; } = process;

        public string Error
        {
            get
            {
                lock (_error)
                {
                    return _error.ToString().Trim();
                }
            }
        }

        public void Append(string? line)
        {
            lock (_error)
            {
                if (line is not null && _error.Length < MaxErrorChars)
                {
                    _error.Append(line.AsSpan(0, Math.Min(line.Length, MaxErrorChars - _error.Length))).Append(' ');
                }
            }
        }

        public void Kill()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // It has exited already.
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Kill();
            }

            Process.Dispose();
        }
    }

    /// <summary>A private temporary directory (mode 0700) for the module and its compiled form, deleted afterwards.</summary>
    private sealed class WorkDirectory : IDisposable
    {
        private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dsc-compile-");

        public string PathOf(string name) => Path.Combine(_directory.FullName, name);

        public void Write(string name, ReadOnlySpan<byte> bytes)
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(PathOf(name), options);
            stream.Write(bytes);
        }

        public void Dispose()
        {
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ModuleCompileRefused, EventName = nameof(EventIds.ModuleCompileRefused), Level = LogLevel.Warning,
            Message = "The compiler worker refused module {Digest} ({Exit}): {Error}")]
        public static partial void Refused(ILogger logger, string digest, string exit, string error);
    }
}
