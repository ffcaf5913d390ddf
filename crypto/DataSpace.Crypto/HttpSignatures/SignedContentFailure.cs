namespace DataSpace.Crypto.HttpSignatures;

/// <summary>Why <see cref="SignedContent.ReadAsync"/> stopped reading a body before its end.</summary>
public enum SignedContentFailure
{
    None,

    /// <summary>The body is longer than the limit: reading stopped at the first byte beyond it.</summary>
    TooLarge,

    /// <summary>The server's <see cref="ContentBudget"/> has no room for the next segment: too many bodies are held at once.</summary>
    OverBudget,
}
