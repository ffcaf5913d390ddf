using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataSpace.EndToEnd.Tests.Support;

/// <summary>
/// Finds raw values of a dataset in text the outside world sees (response bodies, command output, decrypted
/// results). It looks for the distinctive values only, as whole tokens, so it does not cry wolf on short numbers
/// that occur everywhere: every identifier of the identifying column (<c>E</c> plus eight digits), and every exact
/// decimal value of the numeric columns written with at least <see cref="MinNumberLength"/> characters (for example
/// an income of <c>4823.0</c> or a tax of <c>102.24</c>), matched only where the token is the whole number (so a
/// mean of 4823.0625 is not a hit).
/// </summary>
internal sealed partial class RawValueScanner
{
    public const int MinNumberLength = 6;

    private readonly HashSet<string> _identifiers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _numbers = new(StringComparer.Ordinal);

    public int Count => _identifiers.Count + _numbers.Count;

    /// <summary>
    /// The values of <paramref name="identifying"/> and <paramref name="numeric"/> columns of a CSV file with a header
    /// and no quoted fields (the sample data).
    /// </summary>
    public static RawValueScanner FromCsv(string path, string[] identifying, string[] numeric)
    {
        var scanner = new RawValueScanner();
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty")).Split(',');
        int[] Columns(string[] names) => [.. names.Select(n => Array.IndexOf(header, n) is var i and >= 0 ? i : throw new ArgumentException($"{path} has no column {n}"))];
        var identifyingColumns = Columns(identifying);
        var numericColumns = Columns(numeric);
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var cells = line.Split(',');
            foreach (var column in identifyingColumns)
            {
                scanner._identifiers.Add(cells[column]);
            }

            foreach (var column in numericColumns)
            {
                if (cells[column].Length >= MinNumberLength && Number().IsMatch(cells[column]))
                {
                    scanner._numbers.Add(cells[column]);
                }
            }
        }

        return scanner;
    }

    /// <summary>
    /// Stops looking for the values that the <c>quantiles</c> arrays of a released result hold. A quantile is
    /// interpolated within the noisy histogram's bins (post-processing of a differentially private release): it is a
    /// bin edge plus a fraction with a small denominator of the bin's width, so it can equal a raw value of the
    /// dataset by chance (19,687.5 = 10,000 + 31/48 of 15,000) without saying anything about whether that value
    /// occurs. Every other value of the result is still scanned.
    /// </summary>
    public void IgnoreQuantilesOf(string resultJson)
    {
        using var document = JsonDocument.Parse(resultJson);
        var stack = new Stack<JsonElement>([document.RootElement]);
        while (stack.TryPop(out var element))
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        if (property.NameEquals("quantiles") && property.Value.ValueKind == JsonValueKind.Array)
                        {
                            foreach (var quantile in property.Value.EnumerateArray())
                            {
                                if (quantile.ValueKind == JsonValueKind.Number)
                                {
                                    _numbers.Remove(quantile.GetRawText());
                                }
                            }
                        }
                        else
                        {
                            stack.Push(property.Value);
                        }
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        stack.Push(item);
                    }

                    break;
            }
        }
    }

    /// <summary>The raw values found in <paramref name="text"/>, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<string> Find(string text, int max = 5)
    {
        var found = new List<string>();
        foreach (var match in Identifier().EnumerateMatches(text))
        {
            var token = text.Substring(match.Index, match.Length);
            if (_identifiers.Contains(token) && found.Count < max)
            {
                found.Add(token);
            }
        }

        foreach (var match in Number().EnumerateMatches(text))
        {
            var token = text.Substring(match.Index, match.Length);
            if (_numbers.Contains(token) && found.Count < max)
            {
                found.Add(token);
            }
        }

        return found;
    }

    /// <summary>Fails naming the values and where, with the text around the first one.</summary>
    public void AssertNoRawValue(string text, string where)
    {
        var found = Find(text);
        if (found.Count > 0)
        {
            var at = text.IndexOf(found[0], StringComparison.Ordinal);
            var context = text.Substring(Math.Max(0, at - 80), Math.Min(text.Length - Math.Max(0, at - 80), 200));
            Assert.Fail($"{where} carries raw values of the dataset: {string.Join(", ", found)}; around the first: ...{context}...");
        }
    }

    // The sample's identifiers are E followed by eight digits, found anywhere (even inside a longer token): a random
    // string matches one of the 10,000 by chance about once in 10^12 positions.
    [GeneratedRegex(@"E[0-9]{8}")]
    private static partial Regex Identifier();

    // A whole decimal number: not preceded by a digit or point, not followed by a digit or a point and a digit.
    [GeneratedRegex(@"(?<![0-9.])[0-9]+\.[0-9]+(?![0-9]|\.[0-9])")]
    private static partial Regex Number();
}
