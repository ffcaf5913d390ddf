namespace DataSpace.WebConsole.Operator;

/// <summary>
/// A module job as the operator filled in the form (<c>/jobs/new/module</c>): the manifest's fields and its other fields
/// as JSON, kept after a refusal; the module and source files are not kept (the browser sends them again).
/// </summary>
internal sealed record ModuleJobDraft(string Agreement, string Dataset, string Recipient, string Manifest);
