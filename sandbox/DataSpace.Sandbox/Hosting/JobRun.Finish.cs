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

        // The train call matched the declared model (JobRun.Train); the host trains the declared one.
        var spec = _request.Vetting.Model!;
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
            // The refusal depends on the declared model, the policy and the data only (the job chose none of them).
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
            // Which findings the output has is the job's doing: the kinds go to the supplier, the reason is fixed.
            return Outcome(JobStatus.Refused) with
            {
                Reason = JobReasons.CustomOutputRefused,
                Detail = $"custom output refused: it contains {kinds}",
                LeakCheck = verdict,
            };
        }

        return Outcome(JobStatus.PendingReview) with { CustomOutput = output, LeakCheck = verdict };
    }
}
