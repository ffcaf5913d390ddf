using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// Whether a policy approves a job's module in advance (docs/policy-profile.md, "Pre-approval"): the request, with
/// the job's action, columns, output kind and module digest, is permitted by a permission that names the digest in a
/// top-level <c>dsc:moduleDigest</c> <c>eq</c> or <c>isAnyOf</c> constraint. A permit means no prohibition applied and
/// every constraint held, that one included, so the digest is among those named. Nothing else approves in advance:
/// a digest named in a prohibition, a <c>neq</c>/<c>isNoneOf</c> constraint or a logical constraint does not.
/// </summary>
public static class ModulePreApproval
{
    public static bool Approves(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!decision.IsPermitted || decision.PermittedBy is not { } permission)
        {
            return false;
        }

        foreach (var node in permission.Constraints)
        {
            if (node is Constraint { LeftOperand: LeftOperand.ModuleDigest, Operator: ConstraintOperator.Eq or ConstraintOperator.IsAnyOf })
            {
                return true;
            }
        }

        return false;
    }
}
