using DataSpace.Connector.Model;
using DataSpace.Policy.Evaluation;
using DataSpace.Policy.Model;
using DataSpace.Sandbox.Hosting;

namespace DataSpace.Connector.Jobs;

/// <summary>
/// The request a job makes of its agreement's policy, built in one place so that the check at submission and the
/// decision at run time ask the same question (docs/connector-service.md, "Jobs").
/// </summary>
internal static class JobPolicyRequests
{
    public static ActionKind ActionOf(OutputKind output) => output switch
    {
        OutputKind.Aggregate => ActionKind.ComputeAggregate,
        OutputKind.Model => ActionKind.TrainModel,
        _ => ActionKind.CustomAnalysis,
    };

    /// <param name="manifest">What the job reads, releases and to whom.</param>
    /// <param name="agreement">The agreement it runs under: party, purpose, start.</param>
    /// <param name="moduleDigest">The module's digest (<c>dsc:moduleDigest</c>).</param>
    /// <param name="recipient">The data user's party id (<c>odrl:recipient</c>).</param>
    /// <param name="classificationLevel">The dataset's classification level (<c>dsc:classificationLevel</c>).</param>
    /// <param name="useCount">Uses under the agreement, this one included (<c>odrl:count</c>).</param>
    /// <param name="now">The time of the decision.</param>
    public static EvaluationRequest For(
        JobManifest manifest, Agreement agreement, string moduleDigest, string recipient, long classificationLevel, long useCount, DateTimeOffset now) => new()
    {
        Action = ActionOf(manifest.Output),
        Target = manifest.DatasetId,
        Assignee = agreement.OperatorId,
        Purpose = agreement.Purpose,
        Now = now,
        UseCount = useCount,
        Elapsed = now - agreement.ValidFrom,
        Columns = manifest.Columns,
        ModuleDigest = moduleDigest,
        OutputKind = "dsc:" + manifest.Output.ToString().ToLowerInvariant(),
        Epsilon = manifest.Epsilon,
        Delta = manifest.Delta,
        ClassificationLevel = classificationLevel,
        Recipient = recipient,
    };
}
