namespace DataSpace.WebConsole;

/// <summary>
/// One page of a connector list (<see cref="ConsoleConnector.GetPageAsync"/>): the connector's answer, and the opaque
/// cursor of the next page from its <c>Link</c> header; null on the last page or when the page was refused.
/// </summary>
internal sealed record ConnectorPage(ConnectorAnswer Answer, string? NextCursor);
