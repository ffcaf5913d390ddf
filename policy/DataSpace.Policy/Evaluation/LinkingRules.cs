using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// A job that reads two datasets is denied unless each dataset's policy permits linking with the other
/// (seed 002, art. 21: the risk of linking datasets is controlled). Each policy is evaluated for the request
/// with its own dataset as target and the other as <c>dsc:linkedDataset</c>; a permission without a
/// <c>dsc:linkedDataset</c> constraint never permits linking.
/// </summary>
public static class LinkingRules
{
    public static Decision Check(DatasetPolicy first, DatasetPolicy second, EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Check(first, request, second, request);
    }

    /// <summary>
    /// As <see cref="Check(DatasetPolicy, DatasetPolicy, EvaluationRequest)"/>, with each dataset's own request: a job
    /// joining two datasets reads other columns of each, under another agreement with each (its purpose, use count and
    /// start), so each policy is asked about its own part. Target and linked dataset are set here.
    /// </summary>
    public static Decision Check(DatasetPolicy first, EvaluationRequest firstRequest, DatasetPolicy second, EvaluationRequest secondRequest)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(firstRequest);
        ArgumentNullException.ThrowIfNull(secondRequest);
        var one = Direction(first, second, firstRequest);
        var two = Direction(second, first, secondRequest);
        if (one.IsPermitted && two.IsPermitted)
        {
            return new Decision
            {
                Effect = DecisionEffect.Permit,
                Permission = $"{first.DatasetId}: {one.Permission}; {second.DatasetId}: {two.Permission}",
                Obligations = [.. Prefixed(first, one.Obligations), .. Prefixed(second, two.Obligations)],
            };
        }

        return Decision.Deny([.. Prefixed(first, one.Reasons), .. Prefixed(second, two.Reasons)]);
    }

    private static Decision Direction(DatasetPolicy self, DatasetPolicy other, EvaluationRequest request) =>
        PolicyEvaluator.Evaluate(self.Policy, request with { Target = self.DatasetId, LinkedDatasets = [other.DatasetId] });

    private static IEnumerable<DecisionReason> Prefixed(DatasetPolicy dataset, ValueList<DecisionReason> reasons) =>
        reasons.Select(r => r with { Path = $"{dataset.DatasetId} {r.Path}" });

    private static IEnumerable<Obligation> Prefixed(DatasetPolicy dataset, ValueList<Obligation> obligations) =>
        obligations.Select(o => o with { Source = $"{dataset.DatasetId} {o.Source}" });
}
