namespace DataSpace.Sandbox.Data;

/// <summary>The columns of a dataset in file order; names are unique (ordinal comparison).</summary>
public sealed class DatasetSchema
{
    private readonly Dictionary<string, int> _indexByName;

    public DatasetSchema(IReadOnlyList<ColumnSchema> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        _indexByName = new Dictionary<string, int>(columns.Count, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            if (!_indexByName.TryAdd(columns[i].Name, i))
            {
                throw new ArgumentException($"column '{columns[i].Name}' appears twice", nameof(columns));
            }
        }
    }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The column's position, or -1 when there is no column of that name.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var index) ? index : -1;

    public ColumnSchema this[string name] => IndexOf(name) is var i and >= 0
        ? Columns[i]
        : throw new KeyNotFoundException($"no column '{name}'");
}
