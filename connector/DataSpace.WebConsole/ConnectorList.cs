using System.Text.Json;

namespace DataSpace.WebConsole;

/// <summary>
/// The items of a connector list read page by page (<see cref="ConsoleConnector.GetListAsync"/>); <c>Problem</c> when a
/// page was refused, <c>Truncated</c> when more pages followed than the console shows.
/// </summary>
internal sealed record ConnectorList(IReadOnlyList<JsonElement> Items, string? Problem, bool Truncated);
