using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Models;
using DataSpace.Sandbox.Vetting;

namespace DataSpace.Sandbox.Hosting;

/// <summary>Vetting after a successful run: only what passes leaves.</summary>
internal sealed partial class JobRun
{
    private JobOutcome Finish()
    {
        try
        {
            return _request.OutputKind switch
            {
                OutputKind.Aggregate => FinishAggregate(),
                OutputKind.Model => FinishModel(),
                OutputKind.Custom => FinishCustom(),
                _ => throw new InvalidOperationException($"unknown output kind {_request.OutputKind}"),
            };
        }
        catch (DataSourceException e)
        {
            return Failed((JobFailureKind.HostError, "data: " + e.Message));
        }
        catch (OperationCanceledException)
        {
            return Failed((JobFailureKind.Cancelled, "the run was cancelled"));
        }
    }

    private JobOutcome FinishModel()
    {
        if (_trainSpec is null)
        {
            return Failed((JobFailureKind.Violation, "a model job must call train before dsc_run returns"));
        }

        ModelSpec spec;
        try
        {
            spec = ModelSpec.Parse(_trainSpec);
        }
        catch (JobViolationException e)
        {
            return Failed((JobFailureKind.Violation, "train: " + e.Message));
        }

        var named = spec.Label is null ? spec.Features : [spec.Label, .. spec.Features];
        foreach (var column in named)
        {
            if (System.Array.IndexOf(_columns, column) < 0)
            {
                var shown = Printable(column);
                _denied.Add(shown);
                return Failed((JobFailureKind.Violation, $"train: column '{shown}' is not granted to this job; the read is denied"));
            }
        }

        try
        {
            var model = ModelTrainer.Train(spec, _request.Data, new ModelOptions
            {
                MinRows = _request.Vetting.MinTrainingRows,
                Seed = _request.Vetting.TrainingSeed,
                BatchRows = _limits.BatchRows,
            }, _cancellation);
            return Outcome(JobStatus.Released) with { Model = model };
        }
        catch (JobViolationException e)
        {
            return Outcome(JobStatus.Refused) with { Reason = e.Message };
        }
    }

    private JobOutcome FinishCustom()
    {
        ReadOnlyMemory<byte> output = _output is null ? ReadOnlyMemory<byte>.Empty : _output.WrittenMemory.ToArray();
        var verdict = CustomOutputCheck.Check(output, _request.Data, new CustomOutputCheckOptions
        {
            IdentifyingColumns = _request.Vetting.IdentifyingColumns,
            RowColumns = _columns,
            BatchRows = _limits.BatchRows,
        }, _cancellation);
        if (!verdict.Passed)
        {
            var kinds = string.Join(" and ", verdict.Findings.Select(f => f.Kind switch
            {
                CustomOutputFindingKind.IdentifyingValue => $"a value of identifying column '{f.Column}'",
                CustomOutputFindingKind.WholeRow => "a whole input row",
                _ => "more than the check could finish examining",
            }).Distinct());
            return Outcome(JobStatus.Refused) with
            {
                Reason = $"custom output refused: it contains {kinds}",
                LeakCheck = verdict,
            };
        }

        return Outcome(JobStatus.PendingReview) with { CustomOutput = output, LeakCheck = verdict };
    }
}
