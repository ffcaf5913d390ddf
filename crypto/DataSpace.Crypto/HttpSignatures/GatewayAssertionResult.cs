namespace DataSpace.Crypto.HttpSignatures;

/// <summary>The outcome of checking a <c>Dsc-Gateway</c> assertion: the assertion, or why it was refused.</summary>
public sealed record GatewayAssertionResult
{
    public bool IsValid => Failure == GatewayAssertionFailure.None;

    public GatewayAssertionFailure Failure { get; init; }

    /// <summary>What was wrong, naming the member or the check.</summary>
    public string Detail { get; init; } = "";

    /// <summary>The verified assertion; null unless <see cref="IsValid"/>.</summary>
    public GatewayAssertion? Assertion { get; init; }

    internal static GatewayAssertionResult Fail(GatewayAssertionFailure failure, string detail) => new() { Failure = failure, Detail = detail };
}
