namespace DataSpace.Policy.State;

/// <summary>What a privacy-budget account bounds (docs/privacy-budget.md, "Accounts").</summary>
public enum BudgetAccountKind
{
    /// <summary>One agreement: its limit is the policy's <c>dsc:epsilon</c> and <c>dsc:delta</c>.</summary>
    Agreement,

    /// <summary>One data user on one dataset, across all agreements: a new agreement does not reset it.</summary>
    DataUser,

    /// <summary>One dataset in one accounting period, shared by every data user (colluding data users share it).</summary>
    DatasetPeriod,
}
