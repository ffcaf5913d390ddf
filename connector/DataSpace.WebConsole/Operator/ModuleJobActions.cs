using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace DataSpace.WebConsole.Operator;

/// <summary>
/// The operator's module upload (<c>/jobs/new/module</c>, docs/console.md): a WebAssembly module and its C source
/// (docs/module-review.md), posted with the manifest as <c>dsc job submit --module --source</c> posts them. The console
/// checks only what it must read (the manifest is a JSON object, the source is UTF-8); the connector judges the rest
/// and its refusal comes back on the form, naming the field.
/// </summary>
internal static class ModuleJobActions
{
    /// <summary>
    /// The most a module form may carry: the sandbox's module limit (16 MiB, docs/sandbox-abi.md) and a source's (1 MiB)
    /// with room for the form's framing; a larger upload is refused before it is read whole.
    /// </summary>
    public const long MaxUploadBytes = 18L * 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Map(WebApplication app)
    {
        app.MapPost("/actions/jobs/module", SubmitAsync)
            .WithFormOptions(multipartBodyLengthLimit: MaxUploadBytes)
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes));
    }

    private static async Task<IResult> SubmitAsync(
        [FromForm] string? agreement, [FromForm] string? dataset, [FromForm] string? recipient, [FromForm] string? manifest,
        IFormFile? module, IFormFile? source, ConsoleConnector connector, Drafts<ModuleJobDraft> drafts, CancellationToken cancellationToken)
    {
        var draft = new ModuleJobDraft(agreement?.Trim() ?? "", dataset?.Trim() ?? "", recipient?.Trim() ?? "", manifest ?? "");
        JsonObject fields;
        try
        {
            fields = JsonNode.Parse(draft.Manifest.Length == 0 ? "{}" : draft.Manifest) as JsonObject
                ?? throw new JsonException("$: the manifest's other fields are a JSON object");
        }
        catch (JsonException e)
        {
            return Refused(drafts.Keep(draft), "manifest: " + e.Message);
        }

        if (module is not { Length: > 0 })
        {
            return Refused(drafts.Keep(draft), "module: choose the job's WebAssembly module (.wasm)");
        }

        if (source is not { Length: > 0 })
        {
            return Refused(drafts.Keep(draft), "source: choose the module's C source; the supplier approves a module only with its source (docs/module-review.md)");
        }

        var wasm = await ReadAsync(module, cancellationToken);
        string sourceText;
        try
        {
            sourceText = StrictUtf8.GetString(await ReadAsync(source, cancellationToken));
        }
        catch (DecoderFallbackException)
        {
            return Refused(drafts.Keep(draft), $"source: '{source.FileName}' is not UTF-8 text");
        }

        fields["agreement"] = draft.Agreement;
        fields["dataset"] = draft.Dataset;
        fields["recipient"] = draft.Recipient;
        var answer = await connector.PostAsync("/api/v1/jobs",
            new { manifest = fields, module = Convert.ToBase64String(wasm), source = sourceText }, cancellationToken);
        if (!answer.Ok)
        {
            return Refused(drafts.Keep(draft), answer.Problem ?? answer.Status.ToString(CultureInfo.InvariantCulture));
        }

        var job = answer.Body.ValueKind == JsonValueKind.Object && answer.Body.TryGetProperty("id", out var id) ? id.GetString() : null;
        return job is { Length: > 0 } ? Results.Redirect($"/jobs/{Uri.EscapeDataString(job)}?done=submitted") : Results.Redirect("/jobs");
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream(checked((int)file.Length));
        await file.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    private static IResult Refused(string draft, string error) =>
        Results.Redirect($"/jobs/new/module?error={Uri.EscapeDataString(error)}&draft={draft}");
}
