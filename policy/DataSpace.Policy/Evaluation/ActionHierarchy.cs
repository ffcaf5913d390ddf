using DataSpace.Policy.Model;

namespace DataSpace.Policy.Evaluation;

/// <summary>
/// Which requested actions a rule's action covers. ODRL Vocabulary §4.18 places most actions under
/// <c>use</c> and <c>give</c>/<c>sell</c> under <c>transfer</c>. A permission for <c>use</c> covers the compute actions
/// but never <c>dsc:rawExport</c>, which must be permitted by name; a prohibition of <c>use</c> covers everything but transfers.
/// </summary>
internal static class ActionHierarchy
{
    public static bool Covers(ActionKind rule, ActionKind requested, RuleKind kind)
    {
        if (rule == ActionKind.Unknown || requested == ActionKind.Unknown)
        {
            return false;
        }

        if (rule == requested)
        {
            return true;
        }

        return rule switch
        {
            ActionKind.Use => !IsTransfer(requested) && (kind == RuleKind.Prohibition || requested != ActionKind.RawExport),
            ActionKind.Transfer => requested is ActionKind.Give or ActionKind.Sell,
            _ => false,
        };
    }

    private static bool IsTransfer(ActionKind action) => action is ActionKind.Transfer or ActionKind.Give or ActionKind.Sell;
}
