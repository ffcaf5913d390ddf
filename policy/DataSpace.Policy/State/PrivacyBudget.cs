namespace DataSpace.Policy.State;

/// <summary>
/// An amount of differential-privacy budget as the policy states it (<c>dsc:epsilon</c>, <c>dsc:delta</c>):
/// doubles, since that is what the parsed policy holds. The ledger checks and converts them with <see cref="BudgetAmount"/>.
/// </summary>
/// <param name="Epsilon">The epsilon; must be finite and non-negative.</param>
/// <param name="Delta">The delta; zero where only Laplace noise is used.</param>
public sealed record PrivacyBudget(double Epsilon, double Delta = 0)
{
    public static PrivacyBudget Zero { get; } = new(0, 0);
}
