using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace DataSpace.Sandbox.Aggregation;

/// <summary>
/// The host side of the aggregate ABI (dsc.h: measure, group, assign, contribute) for one job run.
/// The job only declares which row contributes what to which group; the host checks every rule and
/// keeps the totals. Single-threaded: one instance per run, driven by the run's host calls.
/// </summary>
/// <remarks>
/// Row numbers are relative to the current batch (0 .. rows-1); batches are numbered from 0 in the
/// order <see cref="BeginBatch"/> is called. An empty <c>rows</c> span means rows 0 .. n-1 (NULL in the ABI).
/// Any violation throws <see cref="JobViolationException"/> naming the call; the run is then over and
/// every later call throws as well, so a half-applied call can never be released.
/// </remarks>
internal sealed partial class AggregateAccumulator
{
    private const int Lanes = 4;

    private readonly AggregationLimits _limits;
    private readonly List<MeasureSlot> _measures = [];
    private readonly Dictionary<byte[], int> _groupIds = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], int>.AlternateLookup<ReadOnlySpan<byte>> _groupLookup;
    private readonly List<string> _groupKeys = [];
    private long[] _groupRows = new long[16];
    private int[] _rowGroup = [];
    private int _batch = -1;
    private int _batchRows;
    private long _totalRows;
    private bool _faulted;

    // Scratch for small group counts: Lanes independent compensated sums per group break the
    // dependency chain through one accumulator, so the loop is bound by throughput, not latency.
    private double[] _laneSums = [];
    private double[] _laneCompensations = [];
    private long[] _laneGridSums = [];
    private long[] _laneCounts = [];

    // Scratch for few groups: clamped values and their grid steps, computed once per call.
    private double[] _clamped = [];
    private double[] _gridSteps = [];

    public AggregateAccumulator(AggregationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxGroups);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxMeasures);
        ArgumentOutOfRangeException.ThrowIfNegative(limits.MaxGroupKeyBytes);
        _limits = limits;
        _groupLookup = _groupIds.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int GroupCount => _groupKeys.Count;

    public int MeasureCount => _measures.Count;

    public long TotalRows => _totalRows;

    /// <summary>The group of each row of the current batch (-1: none yet), for the host's key checks.</summary>
    public ReadOnlySpan<int> BatchRowGroups => _rowGroup.AsSpan(0, _batchRows);

    /// <summary>The key of a group id returned by <see cref="Group"/>.</summary>
    public string KeyOf(int group) => _groupKeys[group];

    /// <summary>dsc_measure: declares a measure clamped to [lower, upper] and returns its id.</summary>
    public int DeclareMeasure(string name, double lower, double upper)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureUsable();
        if (name.Length == 0)
        {
            Fail("measure: the name is empty");
        }

        if (!double.IsFinite(lower) || !double.IsFinite(upper) || !(lower < upper))
        {
            Fail(Invariant($"measure: bounds [{lower}, {upper}] of '{name}' must be finite with lower < upper"));
        }

        if (_measures.Count >= _limits.MaxMeasures)
        {
            Fail(Invariant($"measure: '{name}' would exceed the limit of {_limits.MaxMeasures} measures"));
        }

        foreach (var existing in _measures)
        {
            if (existing.Declaration.Name == name)
            {
                Fail($"measure: '{name}' is already declared");
            }
        }

        _measures.Add(new MeasureSlot(new MeasureDeclaration(name, lower, upper), _groupRows.Length));
        return _measures.Count - 1;
    }

    /// <summary>dsc_group: the id of the group with this UTF-8 key, created on first use.</summary>
    public int Group(ReadOnlySpan<byte> utf8Key)
    {
        EnsureUsable();
        if (_groupLookup.TryGetValue(utf8Key, out var id))
        {
            return id;
        }

        if (utf8Key.Length > _limits.MaxGroupKeyBytes)
        {
            Fail(Invariant($"group: key of {utf8Key.Length} bytes exceeds the limit of {_limits.MaxGroupKeyBytes} bytes"));
        }

        if (!Utf8.IsValid(utf8Key))
        {
            Fail("group: key is not valid UTF-8");
        }

        if (_groupKeys.Count >= _limits.MaxGroups)
        {
            Fail(Invariant($"group: a new key would exceed the limit of {_limits.MaxGroups} groups"));
        }

        id = _groupKeys.Count;
        EnsureGroupCapacity(id + 1);
        _groupKeys.Add(Encoding.UTF8.GetString(utf8Key));
        _groupLookup[utf8Key] = id;
        return id;
    }

    /// <summary>dsc_next_batch returned <paramref name="rows"/> rows: row numbers now refer to this batch.</summary>
    public void BeginBatch(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        EnsureUsable();
        if (_rowGroup.Length < rows)
        {
            _rowGroup = new int[rows];
            _rowGroup.AsSpan().Fill(-1);
        }
        else
        {
            _rowGroup.AsSpan(0, _batchRows).Fill(-1);
        }

        _batch++;
        _batchRows = rows;
        _totalRows += rows;
    }

    /// <summary>dsc_assign: puts rows of the current batch into groups without contributing a measure.</summary>
    public void Assign(ReadOnlySpan<int> rows, ReadOnlySpan<int> groups)
    {
        EnsureUsable();
        EnsureBatch("assign");
        if (rows.IsEmpty)
        {
            CheckIdentityLength("assign", groups.Length);
            AssignIdentity("assign", groups);
            return;
        }

        if (rows.Length != groups.Length)
        {
            Fail(Invariant($"assign: {rows.Length} rows but {groups.Length} groups"));
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            CheckRow("assign", row);
            AssignRow("assign", row, groups[i]);
        }
    }

    /// <summary>dsc_contribute: values[i] of <paramref name="measure"/> for row rows[i] (or i) in group groups[i].</summary>
    public void Contribute(int measure, ReadOnlySpan<int> rows, ReadOnlySpan<int> groups, ReadOnlySpan<double> values)
    {
        EnsureUsable();
        if ((uint)measure >= (uint)_measures.Count)
        {
            Fail(Invariant($"contribute: measure id {measure} does not exist ({_measures.Count} declared)"));
        }

        EnsureBatch("contribute");
        if (groups.Length != values.Length)
        {
            Fail(Invariant($"contribute: {groups.Length} groups but {values.Length} values"));
        }

        var slot = _measures[measure];
        var used = slot.UsedRows(_batch, _batchRows);
        if (rows.IsEmpty)
        {
            CheckIdentityLength("contribute", groups.Length);
            var twice = RowSet.FirstSetBelow(used, groups.Length);
            if (twice >= 0)
            {
                FailContributedTwice(twice, slot);
            }

            RowSet.SetBelow(used, groups.Length);
            AssignIdentity("contribute", groups);
        }
        else
        {
            if (rows.Length != groups.Length)
            {
                Fail(Invariant($"contribute: {rows.Length} rows but {groups.Length} groups"));
            }

            for (var i = 0; i < rows.Length; i++)
            {
                var row = rows[i];
                CheckRow("contribute", row);
                if (!RowSet.TrySet(used, row))
                {
                    FailContributedTwice(row, slot);
                }

                AssignRow("contribute", row, groups[i]);
            }
        }

        Accumulate(slot, rows, groups, values);
    }

    /// <summary>The exact aggregate so far: stays in the connector until released.</summary>
    public AggregateState Snapshot()
    {
        EnsureUsable();
        var declarations = _measures.ConvertAll(m => m.Declaration);
        var groups = new GroupAggregate[_groupKeys.Count];
        for (var g = 0; g < groups.Length; g++)
        {
            var totals = new MeasureTotal[_measures.Count];
            for (var m = 0; m < totals.Length; m++)
            {
                var slot = _measures[m];
                totals[m] = new MeasureTotal(slot.Counts[g], slot.Sums[g] + slot.Compensations[g], slot.GridSums[g]);
            }

            groups[g] = new GroupAggregate(_groupKeys[g], _groupRows[g], totals);
        }

        return new AggregateState { Measures = declarations, Groups = groups, TotalRows = _totalRows };
    }

    private void AssignIdentity(string call, ReadOnlySpan<int> groups)
    {
        // The common case: a second measure over the same rows and groups. -1 (unassigned) is
        // excluded so that an unassigned row can never pass as already in a group.
        if (groups.SequenceEqual(_rowGroup.AsSpan(0, groups.Length)) && !groups.Contains(-1))
        {
            return;
        }

        for (var row = 0; row < groups.Length; row++)
        {
            AssignRow(call, row, groups[row]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AssignRow(string call, int row, int group)
    {
        if ((uint)group >= (uint)_groupKeys.Count)
        {
            FailUnknownGroup(call, row, group);
        }

        ref var current = ref _rowGroup[row];
        if (current == group)
        {
            return;
        }

        if (current != -1)
        {
            FailSecondGroup(call, row, current, group);
        }

        current = group;
        _groupRows[group]++;
    }

    private void EnsureGroupCapacity(int groups)
    {
        if (groups <= _groupRows.Length)
        {
            return;
        }

        var capacity = Math.Max(groups, _groupRows.Length * 2);
        Array.Resize(ref _groupRows, capacity);
        foreach (var slot in _measures)
        {
            slot.Grow(capacity);
        }
    }
}
