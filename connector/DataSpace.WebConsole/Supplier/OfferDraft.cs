namespace DataSpace.WebConsole.Supplier;

/// <summary>An offer as the supplier wrote it in the editor, kept for the page to show again after the connector refused it.</summary>
internal sealed record OfferDraft(string Id, string Dataset, string Policy);
