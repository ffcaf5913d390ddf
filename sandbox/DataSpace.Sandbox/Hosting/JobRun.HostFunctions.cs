using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using DataSpace.Sandbox.Abi;
using DataSpace.Sandbox.Aggregation;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Models;
using Wasmtime;

namespace DataSpace.Sandbox.Hosting;

/// <summary>The host functions of ABI v1 (docs/sandbox-abi.md §7), one linker per run.</summary>
internal sealed partial class JobRun
{

    private void DefineImports(Linker linker)
    {
        const string m = AbiV1.ImportModule;
        linker.DefineFunction(m, "column_count", () => Enter() ? _columns.Length : 0);
        linker.DefineFunction(m, "column_type", (int column) => Enter() ? (int)_types[Column(column, "column_type")] : 0);
        linker.DefineFunction(m, "column_name", (int column, int buffer, int capacity) => ColumnName(column, buffer, capacity));
        linker.DefineFunction(m, "column_index", (int name, int length) => ColumnIndex(name, length));
        linker.DefineFunction(m, "batch_capacity", () => Enter() ? _limits.BatchRows : 0);
        linker.DefineFunction(m, "next_batch", NextBatch);
        linker.DefineFunction(m, "column_size", (int column) => ColumnSize(column, "column_size"));
        linker.DefineFunction(m, "read_column", (int column, int buffer, int capacity) => ReadColumn(column, buffer, capacity));
        linker.DefineFunction(m, "read_validity", (int column, int buffer, int capacity) => ReadValidity(column, buffer, capacity));
        linker.DefineFunction(m, "measure", (int name, int length, double lower, double upper) => Measure(name, length, lower, upper));
        linker.DefineFunction(m, "group", (int key, int length) => Group(key, length));
        linker.DefineFunction(m, "assign", (int rows, int groups, int count) => Assign(rows, groups, count));
        linker.DefineFunction(m, "contribute", (int measure, int rows, int groups, int values, int count) => Contribute(measure, rows, groups, values, count));
        linker.DefineFunction(m, "train", (int spec, int length) => Train(spec, length));
        linker.DefineFunction(m, "output", (int data, int length) => Output(data, length));
        linker.DefineFunction(m, "error", (int message, int length) => Error(message, length));
    }

    /// <summary>Counts a host call; throws when the job has made too many or must stop.</summary>
    private bool Enter()
    {
        if (++_hostCalls > _limits.HostCalls)
        {
            throw Violation($"the job made more than its limit of {_limits.HostCalls:N0} host calls");
        }

        if ((_hostCalls & 1023) == 0)
        {
            CheckClock();
        }

        return true;
    }

    private JobViolationException Violation(string reason)
    {
        _violation ??= new JobViolationException(reason);
        return _violation;
    }

    private void Charge(long fuel)
    {
        if (!_meterFuel || fuel <= 0)
        {
            return;
        }

        var store = _store!;
        var left = store.Fuel;
        if (left < (ulong)fuel)
        {
            store.Fuel = 0;
            throw Violation($"the job used up its CPU budget of {_limits.Fuel:N0} fuel (in host work it asked for)");
        }

        store.Fuel = left - (ulong)fuel;
        _fuelCharged += fuel;
    }

    private int Column(int column, string call)
    {
        if ((uint)column >= (uint)_columns.Length)
        {
            throw Violation($"{call}: column {column} does not exist; the job has {_columns.Length} columns (0 to {_columns.Length - 1})");
        }

        return column;
    }

    private Span<byte> Memory(int address, int length, string call, string what)
    {
        if (length < 0)
        {
            throw Violation($"{call}: {what} has negative length {length}");
        }

        var memory = _memory ?? throw Violation($"{call}: called before the module finished starting");
        var start = (uint)address;
        var end = (ulong)start + (ulong)length;
        var size = memory.GetLength();
        if (end > (ulong)size)
        {
            throw Violation($"{call}: {what} [{start}, {end}) lies outside the job's linear memory of {size} bytes");
        }

        return length == 0 ? [] : memory.GetSpan(start, length);
    }

    private string ReadText(int address, int length, int limit, string call, string what)
    {
        if (length > limit)
        {
            throw Violation($"{call}: {what} is {length} bytes; the limit is {limit}");
        }

        var bytes = Memory(address, length, call, what);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Violation($"{call}: {what} is not valid UTF-8");
        }
    }

    private static string Printable(string text, int limit = 64)
    {
        var builder = new StringBuilder(Math.Min(text.Length, limit));
        foreach (var c in text)
        {
            if (builder.Length >= limit)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.ToString();
    }

    private int ColumnName(int column, int buffer, int capacity)
    {
        Enter();
        var name = Encoding.UTF8.GetBytes(_columns[Column(column, "column_name")]);
        if (name.Length <= capacity)
        {
            name.CopyTo(Memory(buffer, name.Length, "column_name", "buffer"));
        }

        return name.Length;
    }

    private int ColumnIndex(int address, int length)
    {
        Enter();
        var name = ReadText(address, length, MaxNameBytes, "column_index", "name");
        var index = System.Array.IndexOf(_columns, name);
        if (index < 0)
        {
            var shown = Printable(name);
            _denied.Add(shown);
            throw Violation($"column_index: column '{shown}' is not granted to this job; the read is denied");
        }

        return index;
    }

    private int NextBatch()
    {
        Enter();
        CheckClock();
        if (_exhausted)
        {
            return 0;
        }

        CheckGroupKeys();
        ReleaseCurrent();
        try
        {
            _batches ??= (_prefetch > 0
                ? Prefetch.Ahead(_request.Data.ReadBatches(_columns, _limits.BatchRows, _cancellation), _prefetch, _cancellation)
                : _request.Data.ReadBatches(_columns, _limits.BatchRows, _cancellation)).GetEnumerator();
            if (!_batches.MoveNext())
            {
                _exhausted = true;
                _current = null;
                _currentRows = 0;
                _aggregate?.BeginBatch(0);
                return 0;
            }
        }
        catch (Exception e) when (e is not JobViolationException)
        {
            _hostError ??= e;
            throw;
        }

        var batch = _batches.Current;
        if (batch.Length <= 0 || batch.Length > _limits.BatchRows || batch.ColumnCount != _columns.Length)
        {
            _hostError ??= new InvalidOperationException($"the data source returned a batch of {batch.Length} rows and {batch.ColumnCount} columns");
            throw _hostError;
        }

        _current = batch;
        _currentRows = batch.Length;
        _columnSizes ??= new int[_columns.Length];
        System.Array.Fill(_columnSizes, -1);
        _rowsRead += batch.Length;
        _batchCount++;
        _aggregate?.BeginBatch(batch.Length);
        return batch.Length;
    }

    /// <summary>Done with the current batch: disposed when it is the job's alone, so its buffers go back to the pool.</summary>
    private void ReleaseCurrent()
    {
        if (_current is { } done && _request.Data.BatchesAreOwned)
        {
            _current = null;
            BatchMemory.Release(done);
        }
    }

    private RecordBatch Current(string call) =>
        _current ?? throw Violation($"{call}: there is no current batch; call next_batch first (and stop when it returns 0)");

    private int ColumnSize(int column, string call)
    {
        Enter();
        var batch = Current(call);
        Column(column, call);
        var sizes = _columnSizes!;
        if (sizes[column] < 0)
        {
            sizes[column] = ColumnCopier.SizeOf(batch.Column(column), _types[column]);
        }

        return sizes[column];
    }

    private int ReadColumn(int column, int buffer, int capacity)
    {
        var size = ColumnSize(column, "read_column");
        var destination = Memory(buffer, capacity, "read_column", "buffer");
        if (capacity < size)
        {
            throw Violation($"read_column: the buffer of {capacity} bytes is too small for column {column} ('{_columns[column]}'), which needs {size} bytes in this batch");
        }

        destination = destination[..size];
        Charge(size >> 3);
        ColumnCopier.Copy(_current!.Column(column), _types[column], destination);
        _bytesFed += size;
        return size;
    }

    private int ReadValidity(int column, int buffer, int capacity)
    {
        Enter();
        var batch = Current("read_validity");
        var array = batch.Column(Column(column, "read_validity"));
        if (buffer == 0 && capacity == 0)
        {
            return array.NullCount;
        }

        var size = (array.Length + 7) / 8;
        var destination = Memory(buffer, capacity, "read_validity", "buffer");
        if (capacity < size)
        {
            throw Violation($"read_validity: the buffer of {capacity} bytes is too small; this batch needs {size}");
        }

        ColumnCopier.CopyValidity(array, destination[..size]);
        _bytesFed += size;
        return array.NullCount;
    }

    private AggregateAccumulator Aggregating(string call) =>
        _aggregate ?? throw Violation($"{call}: this job's output kind is {_request.OutputKind.ToString().ToLowerInvariant()}; only aggregate jobs may call it");

    private int Measure(int name, int length, double lower, double upper)
    {
        Enter();
        var aggregate = Aggregating("measure");
        var text = ReadText(name, length, MaxNameBytes, "measure", "name");
        var approved = _request.Vetting.Measures.FirstOrDefault(m => string.Equals(m.Name, text, StringComparison.Ordinal))
            ?? throw Violation($"measure: '{Printable(text)}' is not among the measures of the approved manifest");
        if (approved.Lower.CompareTo(lower) != 0 || approved.Upper.CompareTo(upper) != 0)
        {
            throw Violation(string.Create(CultureInfo.InvariantCulture,
                $"measure: bounds [{lower:R}, {upper:R}] of '{approved.Name}' differ from the approved manifest's [{approved.Lower:R}, {approved.Upper:R}]"));
        }

        return Guard(() => aggregate.DeclareMeasure(text, lower, upper));
    }

    /// <summary>Checks the current batch's rows against the group keys they were put under (docs/sandbox-abi.md §5).</summary>
    private void CheckGroupKeys()
    {
        if (_keyCheck is null || _current is null || _aggregate is null)
        {
            return;
        }

        try
        {
            _keyCheck.Check(_current.Column(_keyColumn), _aggregate.BatchRowGroups, _aggregate, _batchCount - 1);
        }
        catch (JobViolationException e)
        {
            throw Violation(e.Message);
        }
    }

    private int Group(int key, int length)
    {
        Enter();
        var aggregate = Aggregating("group");
        if (length > AbiV1.MaxGroupKeyBytes)
        {
            throw Violation($"group: the key is {length} bytes; the limit is {AbiV1.MaxGroupKeyBytes}");
        }

        var bytes = Memory(key, length, "group", "key");
        if (_keyCheck is null && !_approvedKeys.Contains(Encoding.UTF8.GetString(bytes)))
        {
            throw Violation("group: the key is not among the approved manifest's group keys, and the manifest names no group-key column");
        }

        try
        {
            return aggregate.Group(bytes);
        }
        catch (JobViolationException e)
        {
            throw Violation(e.Message);
        }
    }

    private void Assign(int rows, int groups, int count)
    {
        Enter();
        var aggregate = Aggregating("assign");
        Current("assign");
        CheckCount(count, "assign");
        var rowSpan = rows == 0 ? [] : Ints(rows, count, "assign", "rows");
        var groupSpan = Ints(groups, count, "assign", "groups");
        Charge(count);
        try
        {
            aggregate.Assign(rowSpan, groupSpan);
        }
        catch (JobViolationException e)
        {
            throw Violation(e.Message);
        }
    }

    private void Contribute(int measure, int rows, int groups, int values, int count)
    {
        Enter();
        var aggregate = Aggregating("contribute");
        Current("contribute");
        CheckCount(count, "contribute");
        var rowSpan = rows == 0 ? [] : Ints(rows, count, "contribute", "rows");
        var groupSpan = Ints(groups, count, "contribute", "groups");
        var valueSpan = MemoryMarshal.Cast<byte, double>(Memory(values, count * 8, "contribute", "values"));
        Charge(count);
        try
        {
            aggregate.Contribute(measure, rowSpan, groupSpan, valueSpan);
        }
        catch (JobViolationException e)
        {
            throw Violation(e.Message);
        }
    }

    private void CheckCount(int count, string call)
    {
        if (count < 0 || count > _currentRows)
        {
            throw Violation($"{call}: count {count} is outside 0 to {_currentRows}, the rows of the current batch");
        }
    }

    private ReadOnlySpan<int> Ints(int address, int count, string call, string what) =>
        MemoryMarshal.Cast<byte, int>(Memory(address, count * 4, call, what));

    private int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (JobViolationException e)
        {
            throw Violation(e.Message);
        }
    }

    private void Train(int spec, int length)
    {
        Enter();
        if (_request.OutputKind != OutputKind.Model)
        {
            throw Violation($"train: this job's output kind is {_request.OutputKind.ToString().ToLowerInvariant()}; only model jobs may call it");
        }

        if (_trainSpec is not null)
        {
            throw Violation("train: a job may ask for one model only");
        }

        if (length > MaxSpecBytes)
        {
            throw Violation($"train: the specification is {length} bytes; the limit is {MaxSpecBytes}");
        }

        _trainSpec = Memory(spec, length, "train", "specification").ToArray();
        if (!ModelSpec.TryParse(_trainSpec, out var asked, out var path, out var problem))
        {
            throw Violation(path is null ? $"train: model spec: {problem}" : $"train: model spec: {path} {problem}");
        }

        // The model is the approved manifest's, not the run's choice: anything else stops the job (ModelMismatch).
        var declared = _request.Vetting.Model!;
        if (!asked.Matches(declared))
        {
            _violationKind = JobFailureKind.ModelMismatch;
            throw Violation($"train: the job asked for {asked.ToJson()}; the approved manifest declares {declared.ToJson()}");
        }
    }

    private void Output(int data, int length)
    {
        Enter();
        if (_request.OutputKind != OutputKind.Custom)
        {
            throw Violation($"output: this job's output kind is {_request.OutputKind.ToString().ToLowerInvariant()}; only custom jobs may write output");
        }

        _output ??= new ArrayBufferWriter<byte>();
        if (length < 0 || (long)_output.WrittenCount + length > _limits.OutputBytes)
        {
            throw Violation($"output: the job wrote more than its limit of {_limits.OutputBytes:N0} bytes of output");
        }

        var bytes = Memory(data, length, "output", "data");
        Charge(length >> 3);
        _output.Write(bytes);
    }

    private void Error(int message, int length)
    {
        Enter();
        var kept = Math.Clamp(length, 0, AbiV1.MaxErrorBytes);
        var bytes = Memory(message, kept, "error", "message");
        _jobError = Printable(Encoding.UTF8.GetString(bytes), AbiV1.MaxErrorBytes);
    }
}
