namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// The column classes of the registration form: one line <c>name=class</c> per column, read as <c>dsc dataset add
/// --column NAME=CLASS</c> reads its options (the last <c>=</c> splits; blank lines are skipped). The classes themselves
/// are the connector's to judge: an unknown one comes back with its detail.
/// </summary>
internal static class ColumnLines
{
    /// <summary>The lines of <paramref name="text"/> as the request's <c>columns</c>; the problem (naming the line) or null.</summary>
    public static string? Parse(string text, out Dictionary<string, string> classes)
    {
        ArgumentNullException.ThrowIfNull(text);
        classes = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.LastIndexOf('=');
            if (equals <= 0 || equals == line.Length - 1)
            {
                return $"columns, line {number}: '{line}' is not name=class";
            }

            if (!classes.TryAdd(line[..equals].Trim(), line[(equals + 1)..].Trim()))
            {
                return $"columns, line {number}: '{line[..equals].Trim()}' is classed twice";
            }
        }

        return null;
    }
}
