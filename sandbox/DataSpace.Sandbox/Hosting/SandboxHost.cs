using System.Collections.Concurrent;
using System.Reflection;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmtime;
using Module = Wasmtime.Module;

namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// The Wasmtime sandbox: validates and compiles job modules (cached by digest in memory and,
/// integrity-checked, on disk) and runs jobs, each on its own thread with its own store and limits.
/// No WASI is ever linked. A job can only fail; it cannot take the host down.
/// </summary>
public sealed class SandboxHost : IDisposable
{
    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly Engine _engine;
    private readonly Timer _ticker;
    private readonly ModuleCache? _diskCache;
    private readonly ConcurrentDictionary<string, CachedModule> _modules = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CountdownEvent _running = new(1);
    private long _useClock;
    private int _disposed;

    public SandboxHost(SandboxOptions options, ILogger<SandboxHost>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the sandbox feeds little-endian data and needs a little-endian host");
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var config = new Config()
            .WithEpochInterruption(true)
            .WithFuelConsumption(options.ConsumeFuel)
            .WithMaximumStackSize(options.MaxStackBytes)
            .WithWasmThreads(false)
            .WithRelaxedSIMD(false, false)
            .WithCraneliftNaNCanonicalization(true)
            .WithMemory64(false)
            .WithMultiMemory(false)
            .WithOptimizationLevel(OptimizationLevel.Speed);
        _engine = new Engine(config);
        EngineFingerprint = string.Join(';',
            $"wasmtime={typeof(Engine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? typeof(Engine).Assembly.GetName().Version?.ToString()}",
            $"fuel={options.ConsumeFuel}",
            "epoch=True",
            $"stack={options.MaxStackBytes}",
            "threads=False;relaxed-simd=False;nan-canonical=True;memory64=False;multi-memory=False;opt=speed");
        if (options.CacheDirectory is { } directory)
        {
            _diskCache = new ModuleCache(directory, EngineFingerprint, _logger);
        }

        _ticker = new Timer(static state => ((Engine)state!).IncrementEpoch(), _engine, options.EpochTick, options.EpochTick);
    }

    /// <summary>Describes the engine and its settings; compiled modules are valid only for the same fingerprint.</summary>
    public string EngineFingerprint { get; }

    /// <summary>Randomness for differential-privacy noise: the operating system's CSPRNG unless a test replaces it.</summary>
    internal INoiseSource NoiseSource { get; set; } = CryptoNoiseSource.Instance;

    /// <summary>The configuration this host runs with.</summary>
    public SandboxOptions Options => _options;

    /// <summary>
    /// Validates and compiles a module, or takes it from the cache by digest. Throws
    /// <see cref="ModuleRejectedException"/> naming what is wrong: size, format, a disallowed import,
    /// a missing export, too much initial memory.
    /// </summary>
    public JobModule LoadModule(ReadOnlySpan<byte> wasm)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (wasm.Length > _options.MaxModuleBytes)
        {
            throw new ModuleRejectedException($"module is {wasm.Length:N0} bytes; the limit is {_options.MaxModuleBytes:N0}");
        }

        var digest = JobModule.DigestOf(wasm);
        if (_modules.TryGetValue(digest, out var cached))
        {
            cached.LastUse = Interlocked.Increment(ref _useClock);
            return cached.Module;
        }

        ModuleValidator.CheckBytes(_engine, wasm, _options.MaxModuleBytes);
        var compiled = _diskCache?.TryLoad(_engine, digest);
        var fromDisk = compiled is not null;
        if (compiled is null)
        {
            try
            {
                compiled = Module.FromBytes(_engine, digest, wasm);
            }
            catch (WasmtimeException e)
            {
                throw new ModuleRejectedException($"module could not be compiled: {e.Message}", e);
            }
        }

        JobModule module;
        try
        {
            var initialMemory = ModuleValidator.CheckInterface(compiled, _options.DefaultLimits.MemoryBytes);
            module = new JobModule(digest, wasm.Length, compiled, initialMemory);
        }
        catch
        {
            compiled.Dispose();
            throw;
        }

        if (!fromDisk && _diskCache is not null)
        {
            try
            {
                _diskCache.Store(digest, compiled);
            }
            catch (IOException e)
            {
                _logger.LogWarning(e, "Could not cache compiled module {Digest} on disk", digest);
            }
        }

        _modules[digest] = new CachedModule(module) { LastUse = Interlocked.Increment(ref _useClock) };
        Trim();
        _logger.LogInformation("Loaded module {Digest} ({Bytes} bytes, {Source})", digest, wasm.Length, fromDisk ? "disk cache" : "compiled");
        return module;
    }

    /// <summary>A module loaded before, by digest, without its bytes; null when it is not in memory.</summary>
    public JobModule? TryGetModule(string digest)
    {
        if (_modules.TryGetValue(digest, out var cached))
        {
            cached.LastUse = Interlocked.Increment(ref _useClock);
            return cached.Module;
        }

        return null;
    }

    /// <summary>
    /// Runs a job on its own thread and store. The returned outcome says whether it was released,
    /// held for review, refused or failed, and why. Throws <see cref="ArgumentException"/> only for a
    /// bad request (a granted column missing from the dataset, limits out of range).
    /// </summary>
    public Task<JobOutcome> RunAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(request);
        var limits = _options.DefaultLimits.Min(request.Limits ?? _options.DefaultLimits);
        limits.Validate();
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        JobRun run;
        try
        {
            run = new JobRun(request, limits, _options.ConsumeFuel, NoiseSource, _options.PrefetchBatches, stop.Token);
        }
        catch
        {
            stop.Dispose();
            throw;
        }

        var completion = new TaskCompletionSource<JobOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_disposed != 0 || !_running.TryAddCount())
        {
            stop.Dispose();
            throw new ObjectDisposedException(nameof(SandboxHost));
        }

        var thread = new Thread(
            () =>
            {
                try
                {
                    completion.SetResult(run.Execute(_engine));
                }
                catch (Exception e)
                {
                    _logger.LogError(e, "Sandbox run of job {JobId} failed in the host", request.JobId);
                    completion.SetException(e);
                }
                finally
                {
                    stop.Dispose();
                    _running.Signal();
                }
            },
            maxStackSize: 16 * 1024 * 1024)
        {
            IsBackground = true,
            Name = $"dsc-job {request.JobId}",
        };
        thread.Start();
        return completion.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Running jobs are cancelled and stop at their next epoch check; the ticker keeps ticking until they have.
        _shutdown.Cancel();
        _running.Signal();
        if (!_running.Wait(TimeSpan.FromSeconds(30)))
        {
            _logger.LogError("Sandbox jobs still running 30 s after shutdown; the engine is left in place");
            return;
        }

        using (var stopped = new ManualResetEvent(false))
        {
            if (_ticker.Dispose(stopped))
            {
                stopped.WaitOne();
            }
        }

        foreach (var cached in _modules.Values)
        {
            cached.Module.Compiled.Dispose();
        }

        _modules.Clear();
        _engine.Dispose();
        _shutdown.Dispose();
        _running.Dispose();
    }

    private void Trim()
    {
        while (_modules.Count > _options.MaxCachedModules)
        {
            var oldest = _modules.MinBy(pair => pair.Value.LastUse);
            _modules.TryRemove(oldest.Key, out _);
        }
    }

    private sealed class CachedModule(JobModule module)
    {
        public JobModule Module { get; } = module;

        public long LastUse { get; set; }
    }
}
