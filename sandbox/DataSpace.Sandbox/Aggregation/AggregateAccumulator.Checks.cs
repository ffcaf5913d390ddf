using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DataSpace.Sandbox.Aggregation;

internal sealed partial class AggregateAccumulator
{
    private void EnsureUsable()
    {
        if (_faulted)
        {
            throw new JobViolationException("the job already broke a rule of the aggregate ABI; this run is over");
        }
    }

    private void EnsureBatch(string call)
    {
        if (_batch < 0)
        {
            Fail($"{call}: there is no current batch (call next_batch first)");
        }
    }

    private void CheckIdentityLength(string call, int count)
    {
        if (count > _batchRows)
        {
            Fail(Invariant($"{call}: {count} entries without rows mean rows 0 .. {count - 1}, but batch {_batch} has {_batchRows} rows"));
        }
    }

    private void CheckRow(string call, int row)
    {
        if ((uint)row >= (uint)_batchRows)
        {
            Fail(Invariant($"{call}: row {row} is outside batch {_batch} of {_batchRows} rows"));
        }
    }

    [DoesNotReturn]
    private void FailUnknownGroup(string call, int row, int group) =>
        Fail(Invariant($"{call}: row {row} of batch {_batch} names group id {group}, which does not exist ({_groupKeys.Count} groups)"));

    [DoesNotReturn]
    private void FailSecondGroup(string call, int row, int current, int group) =>
        Fail(Invariant($"{call}: row {row} of batch {_batch} is already in group {current} and cannot also be in group {group}"));

    [DoesNotReturn]
    private void FailContributedTwice(int row, MeasureSlot slot) =>
        Fail(Invariant($"contribute: row {row} of batch {_batch} contributes twice to measure '{slot.Declaration.Name}'"));

    [DoesNotReturn]
    private void FailNotFinite(ReadOnlySpan<int> rows, int index, double value, MeasureSlot slot)
    {
        var row = rows.IsEmpty ? index : rows[index];
        var text = double.IsNaN(value) ? "NaN" : (value > 0 ? "+Infinity" : "-Infinity");
        Fail(Invariant($"contribute: row {row} of batch {_batch} has {text} for measure '{slot.Declaration.Name}'"));
    }

    [DoesNotReturn]
    private void Fail(string reason)
    {
        _faulted = true;
        throw new JobViolationException(reason);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
