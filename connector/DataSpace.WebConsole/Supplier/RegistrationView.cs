using System.Globalization;
using System.Text.Json;

namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// A dataset registration as the connector answers <c>GET /api/v1/datasets/registrations/{id}</c>
/// (docs/connector-service.md, "Registering with progress"), read once for the stream and the page alike. A refused
/// poll reads as <see cref="Failed"/> with the connector's detail: the console cannot tell more than the connector says.
/// </summary>
internal sealed record RegistrationView(string State, long BytesRead, long BytesTotal, JsonElement Dataset, string? Error)
{
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    /// <summary>The bytes read in whole percent, 0 to 100 (100 once done; 0 while a PostgreSQL table, of no bytes, runs).</summary>
    public int Percent => State == Done ? 100 : BytesTotal <= 0 ? 0 : (int)Math.Clamp(BytesRead * 100 / BytesTotal, 0, 100);

    /// <summary>The view in <paramref name="answer"/>, or a failed one carrying the connector's problem.</summary>
    public static RegistrationView Of(ConnectorAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var body = answer.Body;
        if (!answer.Ok || body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.String)
        {
            return new RegistrationView(Failed, 0, 0, default, answer.Problem ?? $"{answer.Status.ToString(CultureInfo.InvariantCulture)}: not a registration");
        }

        var dataset = body.TryGetProperty("dataset", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
        var text = state.GetString()!;
        return new RegistrationView(
            text is Running or Done ? text : Failed, Number(body, "bytesRead"), Number(body, "bytesTotal"), dataset,
            body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()
                : text is Running or Done ? null : $"registration {text}");
    }

    private static long Number(JsonElement body, string name) => body.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
}
