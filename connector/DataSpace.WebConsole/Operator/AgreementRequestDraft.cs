namespace DataSpace.WebConsole.Operator;

/// <summary>An agreement request as the operator filled in the form (<c>/agreements/request</c>), kept after a refusal.</summary>
internal sealed record AgreementRequestDraft(string Id, string Offer, string Purpose, string ValidUntil);
