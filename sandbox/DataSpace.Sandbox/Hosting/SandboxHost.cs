using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmtime;
using Module = Wasmtime.Module;

namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// The Wasmtime sandbox: validates job modules at submission (a streaming parse with limits, nothing compiled), compiles
/// approved ones in a bounded worker process (cached by digest in memory and, integrity-checked, on disk, both sized in
/// bytes), and runs jobs, each on its own thread with its own store and limits. No WASI is ever linked. A job can only
/// fail; it cannot take the host down.
/// </summary>
public sealed class SandboxHost : IDisposable
{
    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly Engine _engine;
    private readonly Timer _ticker;
    private readonly ModuleCache? _diskCache;
    private readonly CompiledModules _modules;
    private readonly ModuleCompiler _compiler;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CountdownEvent _running = new(1);
    private int _disposed;

    public SandboxHost(SandboxOptions options, ILogger<SandboxHost>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the sandbox feeds little-endian data and needs a little-endian host");
        }

        if (!options.Compiler.InProcess)
        {
            ModuleCompiler.EnsureInstalled(options.Compiler.WorkerPath);
        }

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _engine = new Engine(SandboxEngine.Configure(options.ConsumeFuel, options.MaxStackBytes));
        EngineFingerprint = SandboxEngine.Fingerprint(options.ConsumeFuel, options.MaxStackBytes);
        if (options.CacheDirectory is { } directory)
        {
            _diskCache = new ModuleCache(directory, EngineFingerprint, options.DiskCacheBytes, _logger);
        }

        _modules = new CompiledModules(options.MemoryCacheBytes);
        _compiler = new ModuleCompiler(options.Compiler, options.ConsumeFuel, options.MaxStackBytes, _logger);

        _ticker = new Timer(static state => ((Engine)state!).IncrementEpoch(), _engine, options.EpochTick, options.EpochTick);
    }

    /// <summary>Describes the engine and its settings; compiled modules are valid only for the same fingerprint.</summary>
    public string EngineFingerprint { get; }

    /// <summary>Randomness for differential-privacy noise: the operating system's CSPRNG unless a test replaces it.</summary>
    internal INoiseSource NoiseSource { get; set; } = CryptoNoiseSource.Instance;

    /// <summary>The configuration this host runs with.</summary>
    public SandboxOptions Options => _options;

    /// <summary>Compiled modules held in memory now, in bytes of native code.</summary>
    internal long MemoryCacheBytes => _modules.Bytes;

    /// <summary>
    /// Checks a submitted module without compiling it: size, the <see cref="SandboxOptions.ModuleLimits"/> (a streaming
    /// parse), validity, and the ABI's imports and exports. Throws <see cref="ModuleRejectedException"/> naming what is
    /// wrong, for example <c>function 17 declares 1,048,576 locals; the limit is 50,000</c>. Milliseconds for any module
    /// up to <see cref="SandboxOptions.MaxModuleBytes"/>, with memory in proportion to what the limits allow.
    /// </summary>
    public ValidatedModule Validate(ReadOnlySpan<byte> wasm)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return ModuleValidator.Validate(_engine, wasm, _options);
    }

    /// <summary>
    /// Validates and compiles a module in the bounded worker, or takes it from the cache by digest; blocks the calling
    /// thread while the worker compiles. Throws <see cref="ModuleRejectedException"/> naming what is wrong, or the limit
    /// the compilation would have passed.
    /// </summary>
    public JobModule LoadModule(ReadOnlySpan<byte> wasm)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var digest = JobModule.DigestOf(wasm);
        if (Cached(digest) is { } cached)
        {
            return cached;
        }

        var validated = Validate(wasm);
        if (FromDisk(validated) is { } loaded)
        {
            return loaded;
        }

        if (_options.Compiler.InProcess)
        {
            return CompileInProcess(wasm, validated);
        }

        return Deserialize(validated, _compiler.Compile(wasm, digest));
    }

    /// <summary>As <see cref="LoadModule"/>, waiting for the worker asynchronously: how the connector compiles an approved module.</summary>
    public async Task<JobModule> LoadModuleAsync(ReadOnlyMemory<byte> wasm, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var digest = JobModule.DigestOf(wasm.Span);
        if (Cached(digest) is { } cached)
        {
            return cached;
        }

        var validated = Validate(wasm.Span);
        if (FromDisk(validated) is { } loaded)
        {
            return loaded;
        }

        if (_options.Compiler.InProcess)
        {
            return CompileInProcess(wasm.Span, validated);
        }

        var compiled = await _compiler.CompileAsync(wasm, digest, cancellationToken).ConfigureAwait(false);
        return Deserialize(validated, compiled);
    }

    /// <summary>A module loaded before, by digest, without its bytes; null when it is not in memory.</summary>
    public JobModule? TryGetModule(string digest) => Cached(digest);

    private JobModule? Cached(string digest) => _modules.TryGet(digest);

    private JobModule? FromDisk(ValidatedModule validated)
    {
        if (_diskCache?.TryLoad(_engine, validated.Digest, _options.Compiler.MaxCompiledBytes) is not var (compiled, size))
        {
            return null;
        }

        return Keep(validated, compiled, size, "disk cache");
    }

    private JobModule Deserialize(ValidatedModule validated, byte[] serialized)
    {
        Module compiled;
        try
        {
            compiled = Module.Deserialize(_engine, validated.Digest, serialized);
        }
        catch (WasmtimeException e)
        {
            throw new ModuleRejectedException($"module could not be loaded after compilation: {e.Message}", e);
        }

        StoreOnDisk(validated.Digest, serialized);
        return Keep(validated, compiled, serialized.LongLength, "compiled by the worker");
    }

    private JobModule CompileInProcess(ReadOnlySpan<byte> wasm, ValidatedModule validated)
    {
        Module compiled;
        try
        {
            compiled = Module.FromBytes(_engine, validated.Digest, wasm);
        }
        catch (WasmtimeException e)
        {
            throw new ModuleRejectedException($"module could not be compiled: {e.Message}", e);
        }

        var serialized = compiled.Serialize();
        StoreOnDisk(validated.Digest, serialized);
        return Keep(validated, compiled, serialized.LongLength, "compiled in process");
    }

    private void StoreOnDisk(string digest, ReadOnlySpan<byte> serialized)
    {
        try
        {
            _diskCache?.Store(digest, serialized);
        }
        catch (IOException e)
        {
            _logger.LogWarning(e, "Could not cache compiled module {Digest} on disk", digest);
        }
    }

    private JobModule Keep(ValidatedModule validated, Module compiled, long sizeBytes, string source)
    {
        var module = new JobModule(validated.Digest, validated.SizeBytes, compiled, validated.InitialMemoryBytes);
        _modules.Add(module, sizeBytes);
        _logger.LogInformation("Loaded module {Digest} ({Bytes} bytes, {Source}, {CompiledBytes} bytes of native code)",
            validated.Digest, validated.SizeBytes, source, sizeBytes);
        return _modules.TryGet(validated.Digest) ?? module;
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

    /// <summary>
    /// Releases the aggregate of a job that ran as tasks (<see cref="JobRequest.Partial"/>): their exact states merged in
    /// task order (<see cref="AggregateState.Merge"/>), then thresholded and noised once under <paramref name="vetting"/>,
    /// exactly as a single run's state is. Throws <see cref="ArgumentException"/> when there is no part, or the parts'
    /// measures differ, or the vetting is inconsistent.
    /// </summary>
    public AggregateResult ReleaseParts(JobVetting vetting, IReadOnlyList<AggregateState> parts)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentNullException.ThrowIfNull(vetting);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("a job's release needs the state of at least one task", nameof(parts));
        }

        var merged = parts[0];
        for (var i = 1; i < parts.Count; i++)
        {
            merged = merged.Merge(parts[i]);
        }

        return AggregateRelease.Release(merged, JobRun.ReleaseOptionsOf(vetting), NoiseSource);
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

        foreach (var module in _modules.Drain())
        {
            module.Compiled.Dispose();
        }

        _compiler.Dispose();
        _engine.Dispose();
        _shutdown.Dispose();
        _running.Dispose();
    }
}
