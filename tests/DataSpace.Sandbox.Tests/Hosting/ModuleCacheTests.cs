using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using DataSpace.Sandbox.Tests.Support;
using Microsoft.Extensions.Logging;

namespace DataSpace.Sandbox.Tests.Hosting;

/// <summary>Compiled modules cached on disk: private, integrity-checked, recompiled when anything is off.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ModuleCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dsc-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private SandboxHost Host(RecordingLogger logger, bool fuel = true) =>
        new(new SandboxOptions { CacheDirectory = _directory, ConsumeFuel = fuel }, logger);

    private static byte[] Minimal() => Wat.File(Path.Combine("TestData", "minimal.wat"));

    private static async Task AssertRuns(SandboxHost host, JobModule module)
    {
        var outcome = await host.RunAsync(new JobRequest
        {
            JobId = "cache",
            Module = module,
            Data = Samples.TaxData(20),
            Columns = ["region"],
            OutputKind = OutputKind.Aggregate,
        });
        Assert.NotEqual(JobStatus.Failed, outcome.Status);
    }

    [Fact]
    public async Task A_second_host_loads_the_compiled_module_from_disk()
    {
        var wasm = Minimal();
        var first = new RecordingLogger();
        using (var host = Host(first))
        {
            await AssertRuns(host, host.LoadModule(wasm));
        }

        Assert.Contains(first.Messages, m => m.Contains("compiled", StringComparison.Ordinal));
        var file = Assert.Single(Directory.GetFiles(_directory, "*.cwasm"));
        Assert.Equal("sha256-" + JobModule.DigestOf(wasm)["sha256:".Length..] + ".cwasm", Path.GetFileName(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "cache.key")));

        var second = new RecordingLogger();
        using (var host = Host(second))
        {
            await AssertRuns(host, host.LoadModule(wasm));
        }

        Assert.Contains(second.Messages, m => m.Contains("disk cache", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tampered_cache_file_is_discarded_and_the_module_compiled_again()
    {
        var wasm = Minimal();
        using (var host = Host(new RecordingLogger()))
        {
            host.LoadModule(wasm);
        }

        var file = Directory.GetFiles(_directory, "*.cwasm").Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^100] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        var logger = new RecordingLogger();
        using (var host = Host(logger))
        {
            await AssertRuns(host, host.LoadModule(wasm));
        }

        Assert.Contains(logger.Messages, m => m.Contains("integrity check failed", StringComparison.Ordinal));
        Assert.Contains(logger.Messages, m => m.Contains("compiled", StringComparison.Ordinal));
        Assert.NotEqual(bytes, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public void A_cache_written_by_a_differently_configured_engine_is_not_used()
    {
        var wasm = Minimal();
        using (var host = Host(new RecordingLogger(), fuel: true))
        {
            host.LoadModule(wasm);
        }

        var logger = new RecordingLogger();
        using (var host = Host(logger, fuel: false))
        {
            host.LoadModule(wasm);
        }

        Assert.Contains(logger.Messages, m => m.Contains("integrity check failed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_cache_directory_others_can_write_is_refused()
    {
        Directory.CreateDirectory(_directory);
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var e = Assert.Throws<InvalidOperationException>(() => Host(new RecordingLogger()));
        Assert.Contains("writable by other users", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_memory_cache_returns_the_same_module_by_digest()
    {
        using var host = new SandboxHost(new SandboxOptions { MaxCachedModules = 1 });
        var minimal = host.LoadModule(Minimal());
        Assert.Same(minimal, host.LoadModule(Minimal()));
        Assert.Same(minimal, host.TryGetModule(minimal.Digest));
        var other = host.LoadModule(Wat.Job("", "i32.const 0"));
        Assert.Null(host.TryGetModule(minimal.Digest));
        Assert.Same(other, host.TryGetModule(other.Digest));
    }

    private sealed class RecordingLogger : ILogger<SandboxHost>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
