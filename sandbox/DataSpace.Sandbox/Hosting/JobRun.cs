using System.Buffers;
using System.Diagnostics;
using Apache.Arrow;
using DataSpace.Sandbox.Abi;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using Wasmtime;

namespace DataSpace.Sandbox.Hosting;

/// <summary>
/// One run of one job: its own store, its own linker whose host functions implement ABI v1 over
/// this run's data, and the counters and outputs it produces. Used on one thread only.
/// </summary>
internal sealed partial class JobRun
{
    private const int MaxNameBytes = 1024;
    private const int MaxSpecBytes = 4096;

    private readonly JobRequest _request;
    private readonly JobLimits _limits;
    private readonly bool _meterFuel;
    private readonly CancellationToken _cancellation;
    private readonly string[] _columns;
    private readonly ColumnType[] _types;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _cpuStart;
    private readonly List<string> _denied = [];

    private Store? _store;
    private Memory? _memory;
    private IEnumerator<RecordBatch>? _batches;
    private bool _exhausted;
    private RecordBatch? _current;
    private int _currentRows;
    private int[]? _columnSizes;
    private long _rowsRead;
    private int _batchCount;
    private long _bytesFed;
    private long _hostCalls;
    private long _fuelCharged;
    private TimeSpan _startup;

    private readonly AggregateAccumulator? _aggregate;
    private byte[]? _trainSpec;
    private ArrayBufferWriter<byte>? _output;
    private string? _jobError;

    private JobViolationException? _violation;
    private JobFailureKind _violationKind = JobFailureKind.Violation;
    private Exception? _hostError;
    private JobFailureKind? _stopped;

    private readonly INoiseSource _noise;
    private readonly HashSet<string> _approvedKeys = new(StringComparer.Ordinal);
    private readonly GroupKeyCheck? _keyCheck;
    private readonly int _keyColumn = -1;

    private readonly int _prefetch;

    public JobRun(JobRequest request, JobLimits limits, bool meterFuel, INoiseSource noise, int prefetch, CancellationToken cancellation)
    {
        _prefetch = prefetch;
        _noise = noise;
        _request = request;
        _limits = limits;
        _meterFuel = meterFuel;
        _cancellation = cancellation;
        _columns = [.. request.Columns];
        _types = new ColumnType[_columns.Length];
        var schema = request.Data.Schema;
        for (var i = 0; i < _columns.Length; i++)
        {
            var index = schema.IndexOf(_columns[i]);
            if (index < 0)
            {
                throw new ArgumentException($"granted column '{_columns[i]}' is not in the dataset", nameof(request));
            }

            _types[i] = schema.Columns[index].Type;
        }

        if (_columns.Distinct(StringComparer.Ordinal).Count() != _columns.Length)
        {
            throw new ArgumentException("granted columns contain a duplicate", nameof(request));
        }

        if (request.Partial && request.OutputKind != OutputKind.Aggregate)
        {
            throw new ArgumentException($"only an aggregate job can run in parts, not a {request.OutputKind} job", nameof(request));
        }

        if (request.OutputKind == OutputKind.Aggregate)
        {
            _ = ReleaseOptionsOf(request.Vetting);
            _aggregate = new AggregateAccumulator(new AggregationLimits());
            var vetting = request.Vetting;
            foreach (var measure in vetting.Measures)
            {
                if (!double.IsFinite(measure.Lower) || !double.IsFinite(measure.Upper) || !(measure.Lower < measure.Upper))
                {
                    throw new ArgumentException($"approved measure '{measure.Name}' needs finite bounds with lower < upper", nameof(request));
                }
            }

            if (vetting.Measures.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count() != vetting.Measures.Count)
            {
                throw new ArgumentException("approved measures repeat a name", nameof(request));
            }

            _approvedKeys = new HashSet<string>(vetting.GroupKeys, StringComparer.Ordinal);
            if (vetting.GroupKeyColumn is { } keyColumn)
            {
                _keyColumn = System.Array.IndexOf(_columns, keyColumn);
                if (_keyColumn < 0)
                {
                    throw new ArgumentException($"group-key column '{keyColumn}' is not among the granted columns", nameof(request));
                }

                _keyCheck = new GroupKeyCheck(_types[_keyColumn], vetting.GroupKeys);
            }
        }

        if (request.OutputKind == OutputKind.Model)
        {
            var model = request.Vetting.Model
                ?? throw new ArgumentException("a model job needs the model its approved manifest declares (JobVetting.Model)", nameof(request));
            foreach (var column in model.Label is null ? model.Features : [model.Label, .. model.Features])
            {
                if (System.Array.IndexOf(_columns, column) < 0)
                {
                    throw new ArgumentException($"the declared model's column '{column}' is not among the granted columns", nameof(request));
                }
            }
        }
    }

    public JobOutcome Execute(Engine engine)
    {
        _cpuStart = ThreadCpuTime.Now();
        try
        {
            return ExecuteCore(engine);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failure of the host's own part (reading data, vetting) fails this job only.
            return Failed(JobFailureKind.HostError, e is DataSourceException
                ? "data: " + e.Message
                : $"the host failed: {e.GetType().Name}: {FirstLine(e.Message)}");
        }
        finally
        {
            ReleaseCurrent();
            _batches?.Dispose();
        }
    }

    private JobOutcome ExecuteCore(Engine engine)
    {
        using var store = new Store(engine);
        _store = store;
        store.SetLimits(memorySize: _limits.MemoryBytes, tableElements: _limits.TableElements, instances: 1, tables: 1, memories: 1);
        if (_meterFuel)
        {
            store.Fuel = (ulong)_limits.Fuel;
        }

        store.SetEpochDeadline(1);
        store.SetEpochDeadlineCallback(_ => CheckClock());

        using var linker = new Linker(engine);
        DefineImports(linker);

        Instance instance;
        try
        {
            instance = linker.Instantiate(store, _request.Module.Compiled);
        }
        catch (WasmtimeException e)
        {
            return Failed(Classify(e, JobFailureKind.Instantiation, "the module could not start"));
        }

        _memory = instance.GetMemory(AbiV1.MemoryExport)
            ?? throw new InvalidOperationException("validated module has no memory export");
        var version = instance.GetFunction<int>(AbiV1.VersionExport)
            ?? throw new InvalidOperationException("validated module has no version export");
        var run = instance.GetFunction<int>(AbiV1.RunExport)
            ?? throw new InvalidOperationException("validated module has no run export");

        int result;
        try
        {
            var abi = version();
            if (abi != AbiV1.Version)
            {
                return Failed(JobFailureKind.AbiVersion, $"the module speaks ABI version {abi}; this host speaks version {AbiV1.Version}");
            }

            _startup = _clock.Elapsed;
            result = run();
        }
        catch (WasmtimeException e)
        {
            return Failed(Classify(e, JobFailureKind.Trap, "the job trapped"));
        }

        if (result != 0)
        {
            // The code is the job's choice (32 bits of it): it goes to the supplier with the message, never into the reason.
            return Failed(JobFailureKind.JobError, $"dsc_run returned {result}") with { JobMessage = _jobError };
        }

        if (_hostError is not null || _violation is not null)
        {
            // The job swallowed nothing: host functions throw, so reaching here means a bug in the host.
            return Failed(JobFailureKind.HostError, "the host recorded an error the job did not stop on");
        }

        return Finish();
    }

    private ulong CheckClock()
    {
        if (_cancellation.IsCancellationRequested)
        {
            _stopped = JobFailureKind.Cancelled;
            throw new OperationCanceledException("the run was cancelled");
        }

        if (_clock.Elapsed > _limits.WallTime)
        {
            _stopped = JobFailureKind.WallTime;
            throw new TimeoutException($"the job ran longer than its wall-time limit of {_limits.WallTime.TotalSeconds:0.###} s");
        }

        return 1;
    }

    /// <summary>The failure kind of a Wasmtime error, and its detail for the supplier (which trap, where: the job's doing).</summary>
    private (JobFailureKind Kind, string? Detail) Classify(WasmtimeException e, JobFailureKind fallback, string what)
    {
        if (_violation is not null)
        {
            return (_violationKind, _violation.Message);
        }

        if (_hostError is not null)
        {
            return (JobFailureKind.HostError, _hostError is DataSourceException
                ? "data: " + _hostError.Message
                : $"the host failed: {_hostError.GetType().Name}: {FirstLine(_hostError.Message)}");
        }

        if (_stopped is { } stopped)
        {
            return (stopped, null);
        }

        if (e is TrapException trap)
        {
            return trap.Type switch
            {
                TrapCode.OutOfFuel => (JobFailureKind.CpuLimit, null),
                TrapCode.StackOverflow => (JobFailureKind.StackOverflow, null),
                TrapCode.Interrupt => (JobFailureKind.WallTime, null),
                _ => (fallback, $"{what}: {TrapName(trap.Type)}\n{trap.Message}"),
            };
        }

        return (fallback, $"{what}: {e.Message}");
    }

    private static string TrapName(TrapCode code) => code switch
    {
        TrapCode.Unreachable => "unreachable executed",
        TrapCode.MemoryOutOfBounds => "memory access out of bounds",
        TrapCode.TableOutOfBounds => "table access out of bounds",
        TrapCode.IndirectCallToNull => "indirect call to a null entry",
        TrapCode.BadSignature => "indirect call with the wrong signature",
        TrapCode.IntegerOverflow => "integer overflow",
        TrapCode.IntegerDivisionByZero => "integer division by zero",
        TrapCode.BadConversionToInteger => "invalid conversion to integer",
        TrapCode.HeapMisaligned => "misaligned memory access",
        _ => code.ToString(),
    };

    private static string FirstLine(string message)
    {
        var line = message.AsSpan();
        var newline = line.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        return line.Length > 300 ? string.Concat(line[..300], "…") : line.ToString();
    }

    private JobOutcome Failed((JobFailureKind Kind, string? Detail) failure) => Failed(failure.Kind, failure.Detail);

    /// <summary>
    /// A failed outcome. The reason is the fixed one of its kind (<see cref="JobReasons"/>): which call the job broke
    /// a rule in, what it returned, which trap it hit or what it wrote are its choice, so they go only to
    /// <see cref="JobOutcome.Detail"/>, for the supplier.
    /// </summary>
    private JobOutcome Failed(JobFailureKind kind, string? detail) => Outcome(JobStatus.Failed) with
    {
        Failure = kind,
        Reason = JobReasons.For(kind, _limits),
        Detail = detail,
    };

    private JobOutcome Outcome(JobStatus status) => new()
    {
        JobId = _request.JobId,
        ModuleDigest = _request.Module.Digest,
        OutputKind = _request.OutputKind,
        Status = status,
        DeniedColumns = [.. _denied],
        Statistics = new JobStatistics
        {
            RowsRead = _rowsRead,
            Batches = _batchCount,
            BytesFed = _bytesFed,
            HostCalls = _hostCalls,
            FuelConsumed = _meterFuel && _store is not null ? ConsumedFuel() : 0,
            Startup = _startup,
            Elapsed = _clock.Elapsed,
            CpuTime = ThreadCpuTime.Since(_cpuStart, _clock.Elapsed),
        },
    };

    private long ConsumedFuel()
    {
        try
        {
            return _limits.Fuel - (long)_store!.Fuel;
        }
        catch (ObjectDisposedException)
        {
            return _fuelCharged;
        }
    }
}
