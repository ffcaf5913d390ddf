using System.Text.Json.Serialization;
using DataSpace.Gateway.Hosting;

namespace DataSpace.Gateway.Diagnostics;

/// <summary>Source-generated JSON for what the gateway writes itself: problems and health.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(GatewayProblem))]
[JsonSerializable(typeof(GatewayHealthResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
