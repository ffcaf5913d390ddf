using System.Text.Json;

namespace DataSpace.Connector.Model;

/// <summary>
/// The classification of a dataset's columns (<see cref="Dataset.ColumnClassesJson"/>): a JSON object from column name to
/// class name. A column missing from it, or every column of a dataset without one, is <see cref="ColumnClass.Sensitive"/>.
/// </summary>
public static class ColumnClasses
{
    /// <summary>The class names a registration may use, as they are written.</summary>
    public static IReadOnlyList<string> Names => ClassNames;

    private static readonly string[] ClassNames = ["identifying", "quasiIdentifying", "sensitive", "public"];

    /// <summary>The class named exactly <paramref name="name"/> (case matters), or false for an unknown name.</summary>
    public static bool TryParse(string? name, out ColumnClass columnClass)
    {
        var index = name is null ? -1 : Array.IndexOf(ClassNames, name);
        columnClass = index switch
        {
            0 => ColumnClass.Identifying,
            1 => ColumnClass.QuasiIdentifying,
            3 => ColumnClass.Public,
            _ => ColumnClass.Sensitive,
        };
        return index >= 0;
    }

    /// <summary>The name of <paramref name="columnClass"/> as a registration writes it.</summary>
    public static string NameOf(ColumnClass columnClass) => columnClass switch
    {
        ColumnClass.Identifying => ClassNames[0],
        ColumnClass.QuasiIdentifying => ClassNames[1],
        ColumnClass.Public => ClassNames[3],
        _ => ClassNames[2],
    };

    /// <summary>The stored classification read back; empty (every column sensitive) for null.</summary>
    public static IReadOnlyDictionary<string, ColumnClass> Read(string? json) =>
        json is null ? new Dictionary<string, ColumnClass>() : JsonSerializer.Deserialize<Dictionary<string, ColumnClass>>(json) ?? new Dictionary<string, ColumnClass>();

    /// <summary>The classification as stored.</summary>
    public static string Write(IReadOnlyDictionary<string, ColumnClass> classes) => JsonSerializer.Serialize(classes);

    /// <summary>The class of <paramref name="column"/>: as classified, or sensitive.</summary>
    public static ColumnClass Of(IReadOnlyDictionary<string, ColumnClass> classes, string column)
    {
        ArgumentNullException.ThrowIfNull(classes);
        return classes.TryGetValue(column, out var columnClass) ? columnClass : ColumnClass.Sensitive;
    }

    /// <summary>
    /// The columns no custom output may contain a value of: every identifying and quasi-identifying column of the stored
    /// classification, in its (the dataset's schema) order.
    /// </summary>
    public static IReadOnlyList<string> Identifying(string? json) =>
        [.. Read(json).Where(c => c.Value is ColumnClass.Identifying or ColumnClass.QuasiIdentifying).Select(c => c.Key)];
}
