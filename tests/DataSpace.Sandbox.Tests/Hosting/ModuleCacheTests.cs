using DataSpace.Sandbox.Hosting;
using DataSpace.Sandbox.Modules;
using DataSpace.Sandbox.Tests.Support;
using DataSpace.Tests.Common;
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
        using var host = new SandboxHost(new SandboxOptions());
        var minimal = host.LoadModule(Minimal());
        Assert.Same(minimal, host.LoadModule(Minimal()));
        Assert.Same(minimal, host.TryGetModule(minimal.Digest));
    }

    [Fact]
    public void The_memory_cache_holds_at_most_its_bytes_and_drops_the_least_recently_used()
    {
        long one;
        using (var measure = new SandboxHost(new SandboxOptions()))
        {
            measure.LoadModule(WasmBinary.EmptyFunctions(10));
            one = measure.MemoryCacheBytes;
        }

        var capacity = one + (one / 2);
        using var host = new SandboxHost(new SandboxOptions { MemoryCacheBytes = capacity });
        var first = host.LoadModule(WasmBinary.EmptyFunctions(10));
        var second = host.LoadModule(WasmBinary.EmptyFunctions(11));

        Assert.Null(host.TryGetModule(first.Digest));
        Assert.Same(second, host.TryGetModule(second.Digest));
        Assert.InRange(host.MemoryCacheBytes, 1, capacity);
    }

    [Fact]
    public async Task A_module_larger_than_the_memory_cache_is_not_kept_and_still_runs()
    {
        using var host = new SandboxHost(new SandboxOptions { MemoryCacheBytes = 1 });

        var module = host.LoadModule(Minimal());

        Assert.Null(host.TryGetModule(module.Digest));
        Assert.Equal(0, host.MemoryCacheBytes);
        await AssertRuns(host, module);
    }

    [Fact]
    public void The_disk_cache_holds_at_most_its_bytes_and_deletes_the_least_recently_used()
    {
        long one;
        using (var measure = Host(new RecordingLogger()))
        {
            measure.LoadModule(WasmBinary.EmptyFunctions(10));
            one = CacheBytes();
        }

        var capacity = (one * 5) / 2;
        var logger = new RecordingLogger();
        using var host = new SandboxHost(new SandboxOptions { CacheDirectory = _directory, DiskCacheBytes = capacity }, logger);
        host.LoadModule(WasmBinary.EmptyFunctions(11));
        host.LoadModule(WasmBinary.EmptyFunctions(12));

        Assert.InRange(CacheBytes(), 1, capacity);
        Assert.False(File.Exists(CacheFile(WasmBinary.EmptyFunctions(10))));
        Assert.True(File.Exists(CacheFile(WasmBinary.EmptyFunctions(12))));
        Assert.Contains(logger.Messages, m => m.Contains("Module cache trimmed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_disk_cache_over_its_bytes_is_trimmed_when_the_host_starts()
    {
        using (var fill = Host(new RecordingLogger()))
        {
            fill.LoadModule(WasmBinary.EmptyFunctions(10));
            fill.LoadModule(WasmBinary.EmptyFunctions(11));
            fill.LoadModule(WasmBinary.EmptyFunctions(12));
        }

        var capacity = CacheBytes() / 2;

        using var host = new SandboxHost(new SandboxOptions { CacheDirectory = _directory, DiskCacheBytes = capacity });

        Assert.InRange(CacheBytes(), 1, capacity);
        Assert.True(File.Exists(CacheFile(WasmBinary.EmptyFunctions(12))));
    }

    [Fact]
    public void A_compiled_module_larger_than_the_disk_cache_is_not_stored()
    {
        using var host = new SandboxHost(new SandboxOptions { CacheDirectory = _directory, DiskCacheBytes = 1024 });

        host.LoadModule(Minimal());

        Assert.Empty(Directory.GetFiles(_directory, "*.cwasm"));
    }

    private long CacheBytes() => Directory.GetFiles(_directory, "*.cwasm").Sum(f => new FileInfo(f).Length);

    private string CacheFile(byte[] wasm) =>
        Path.Combine(_directory, "sha256-" + JobModule.DigestOf(wasm)["sha256:".Length..] + ".cwasm");

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
