namespace DataSpace.WebConsole.Operator;

/// <summary>A job as the operator filled in the form (<c>/jobs/new</c>): the manifest's fields and the plan's text, kept after a refusal.</summary>
internal sealed record JobDraft(string Agreement, string Dataset, string Recipient, string Epsilon, string Plan);
