using System.Text.Json;
using DataSpace.Policy.Model;

namespace DataSpace.Policy.JsonLd;

/// <summary>The state of one parse: options, the document's context and the errors found so far.</summary>
internal sealed class ParseSession(PolicyParserOptions options)
{
    private readonly List<PolicyError> _errors = [];

    public JsonLdContext Context { get; set; } = JsonLdContext.Default;

    /// <summary>The document path of every node made so far.</summary>
    public PolicySourceMap Sources { get; } = new();

    public bool HasErrors => _errors.Count > 0;

    public ValueList<PolicyError> Errors => ValueList.Create<PolicyError>(_errors.ToArray());

    public void Error(string path, PolicyErrorKind kind, string reason)
    {
        if (_errors.Count < options.MaxErrors)
        {
            _errors.Add(new PolicyError(path, kind, reason));
        }
    }

    public static string Child(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string Index(string path, int index) => $"{path}[{index}]";

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>Reads a string value; false for other kinds and for strings that are not valid UTF-16 (lone surrogates).</summary>
    public static bool TryGetString(JsonElement element, out string value)
    {
        value = "";
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = element.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The items of a value that may be single, an array, or a JSON-LD <c>@list</c>/<c>@set</c> object.</summary>
    public IEnumerable<(JsonElement Item, string Path)> Items(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("@list", out var list) ||
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty("@set", out list))
        {
            path = Child(path, element.TryGetProperty("@list", out _) ? "@list" : "@set");
            element = list;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                yield return (item, Index(path, i++));
            }
        }
        else if (element.ValueKind != JsonValueKind.Null)
        {
            yield return (element, path);
        }
    }

    /// <summary>Reads an IRI written as a string or <c>{"@id": ...}</c>.</summary>
    internal string? ReadId(JsonElement value, string path) => ReadIri(value, path, vocab: false);

    /// <summary>
    /// Reads a vocabulary term written as a string or <c>{"@id": ...}</c>. As in JSON-LD, only the string form is
    /// expanded as a term (<c>"use"</c> is <c>odrl:use</c> under the ODRL context); an <c>@id</c> is an IRI, of which only
    /// a compact IRI is expanded (<c>{"@id": "odrl:use"}</c>), so <c>{"@id": "use"}</c> stays the relative IRI <c>use</c>.
    /// </summary>
    internal string? ReadVocab(JsonElement value, string path) => ReadIri(value, path, vocab: true);

    private string? ReadIri(JsonElement value, string path, bool vocab)
    {
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("@id", out var id))
        {
            (value, path, vocab) = (id, ParseSession.Child(path, "@id"), false);
        }

        if (!ParseSession.TryGetString(value, out var text) || text.Length == 0)
        {
            Error(path, PolicyErrorKind.InvalidValue, $"expected an IRI as a non-empty string or {{\"@id\": ...}}, found {ParseSession.Describe(value)}");
            return null;
        }

        return vocab ? Context.ExpandVocab(text) : Context.ExpandId(text);
    }
}
