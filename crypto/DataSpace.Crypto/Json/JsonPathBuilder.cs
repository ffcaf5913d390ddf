using System.Text;

namespace DataSpace.Crypto.Json;

/// <summary>Tracks the JSON path of the value being read, for error messages such as <c>$.a[2].b</c>.</summary>
internal sealed class JsonPathBuilder
{
    private readonly List<(string? Name, int Index)> _segments = [];

    public void Push(string name) => _segments.Add((name, -1));

    public void Push(int index) => _segments.Add((null, index));

    public void Pop() => _segments.RemoveAt(_segments.Count - 1);

    /// <summary>The path of a property of the root object, for example <c>$.when</c>.</summary>
    public static string Of(params ReadOnlySpan<string> names)
    {
        var builder = new StringBuilder("$");
        foreach (var name in names)
        {
            AppendName(builder, name);
        }

        return builder.ToString();
    }

    public override string ToString()
    {
        var builder = new StringBuilder("$");
        foreach (var (name, index) in _segments)
        {
            if (name is null)
            {
                builder.Append('[').Append(index).Append(']');
            }
            else
            {
                AppendName(builder, name);
            }
        }

        return builder.ToString();
    }

    private static void AppendName(StringBuilder builder, string name)
    {
        if (IsIdentifier(name))
        {
            builder.Append('.').Append(name);
            return;
        }

        builder.Append("['");
        foreach (var c in name)
        {
            if (c is '\'' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < 0x20)
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append("']");
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
