using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataSpace.Cli.Client;

/// <summary>The JSON the CLI sends and prints with --json: camelCase, enums as names, no HTML escaping.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes <paramref name="value"/> as one line of JSON.</summary>
    public static void Write(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, Options));

    /// <summary>Writes a connector's JSON answer as it came.</summary>
    public static void Write(TextWriter output, JsonElement value) => output.WriteLine(value.ValueKind == JsonValueKind.Undefined ? "null" : value.GetRawText());

    /// <summary>A connector's JSON answer read as <typeparamref name="T"/>.</summary>
    public static T Read<T>(JsonElement value, string what)
    {
        try
        {
            return value.Deserialize<T>(Options) ?? throw new CliInputException($"the connector's answer is not {what}");
        }
        catch (JsonException e)
        {
            throw new CliInputException($"the connector's answer is not {what}: {e.Message}");
        }
    }
}
