namespace DataSpace.Policy.State;

/// <summary>One account a budget reservation charges, with the limit its spent amount must stay within.</summary>
/// <param name="Account">The account.</param>
/// <param name="Limit">The most the account may have spent, this reservation included.</param>
public sealed record BudgetAccountLimit(BudgetAccountKey Account, PrivacyBudget Limit);
