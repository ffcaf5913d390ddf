using DataSpace.Crypto.Statements;

namespace DataSpace.Cli.Results;

/// <summary>The outcome of <see cref="ResultCheck.Open"/>: the plaintext when everything verified, else the first failure.</summary>
internal sealed record OpenedResult(byte[]? Plaintext, string? Failure, ReceiptVerification? Receipt)
{
    public bool IsValid => Plaintext is not null;
}
