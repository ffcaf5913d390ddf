using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSpace.Connector.Http;
using DataSpace.Crypto.Signatures;
using Spectre.Console;

namespace DataSpace.Cli.Catalog;

/// <summary><c>dsc catalog --url URL --key KEY</c>: a connector's datasets and offers, read with a signed request.</summary>
internal static class CatalogCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The connector's base address, e.g. http://127.0.0.1:8080", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "Your private key file (a party on the connector's trust list)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the catalogue as JSON" };
        var command = new Command("catalog", "List a connector's datasets and offers (descriptions only, never rows)") { url, key, json };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse, async (stdout, token) =>
        {
            using var signing = KeyFiles.LoadSigningKey(parse.GetValue(key)!.FullName);
            using var client = new HttpClient(new SigningHandler(signing)) { BaseAddress = ConnectorCalls.BaseAddress(parse.GetValue(url)), Timeout = TimeSpan.FromSeconds(30) };
            var body = await ConnectorCalls.GetAsync(client, "/api/v1/catalog", parse.InvocationConfiguration.Error, token);
            if (body is null)
            {
                return ExitCodes.InputError;
            }

            if (parse.GetValue(json))
            {
                stdout.WriteLine(body);
                return ExitCodes.Ok;
            }

            using var catalog = JsonDocument.Parse(body);
            var table = new Table().AddColumns("dataset", "name", "rows", "columns", "classification", "offers");
            foreach (var dataset in catalog.RootElement.EnumerateArray())
            {
                table.AddRow(
                    Markup.Escape(dataset.GetProperty("id").GetString() ?? ""),
                    Markup.Escape(dataset.GetProperty("name").GetString() ?? ""),
                    dataset.GetProperty("rowCount").GetInt64().ToString("N0", CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", dataset.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()))),
                    dataset.GetProperty("classificationLevel").GetInt32().ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", dataset.GetProperty("offers").EnumerateArray().Select(o => o.GetProperty("id").GetString()))));
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
            console.Write(table);
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}

/// <summary>Signed calls to a connector, with its problem details turned into one line on stderr.</summary>
internal static class ConnectorCalls
{
    /// <summary>A connector's base address from --url: an absolute http or https URL.</summary>
    public static Uri BaseAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliInputException($"--url '{url}' is not an http or https address of a connector");

    /// <summary>The response body as text, or null after writing the refusal to <paramref name="error"/>.</summary>
    public static async Task<string?> GetAsync(HttpClient client, string path, TextWriter error, CancellationToken cancellationToken) =>
        await GetBytesAsync(client, path, error, cancellationToken) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;

    /// <summary>The response body, or null after writing the refusal (status and detail) to <paramref name="error"/>.</summary>
    public static async Task<byte[]?> GetBytesAsync(HttpClient client, string path, TextWriter error, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync(path, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"cannot reach the connector at {client.BaseAddress}: {e.Message}", e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var detail = body;
            try
            {
                using var problem = JsonDocument.Parse(body);
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? body : body;
            }
            catch (JsonException)
            {
            }

            CommandErrors.Report(error, $"the connector answered {(int)response.StatusCode}: {detail}", ExitCodes.InputError);
            return null;
        }
    }
}
