using System.Text.Json;
using DataSpace.Connector.Api;
using DataSpace.Connector.Model;
using DataSpace.Sandbox.Data;
using DataSpace.Sandbox.Plans;

namespace DataSpace.Connector.Plans;

/// <summary>What a plan is bound against, from a registered dataset: its columns as registered, its identifying columns, its entity.</summary>
internal static class PlanDatasets
{
    public static PlanDataset Of(Dataset dataset) => Of(dataset, SchemaOf(dataset));

    /// <summary>With the schema of the opened data (the run's), which must be the registered one.</summary>
    public static PlanDataset Of(Dataset dataset, DatasetSchema schema) => new()
    {
        Id = dataset.Id,
        Schema = schema,
        IdentifyingColumns = ColumnClasses.Read(dataset.ColumnClassesJson)
            .Where(c => c.Value == ColumnClass.Identifying).Select(c => c.Key).ToHashSet(StringComparer.Ordinal),
        EntityColumn = dataset.EntityColumn,
        MaxRowsPerEntity = dataset.EntityMaxRows ?? 1,
    };

    /// <summary>The registered schema (the catalogue's columns with their types).</summary>
    public static DatasetSchema SchemaOf(Dataset dataset) =>
        new([.. (JsonSerializer.Deserialize<List<CatalogColumn>>(dataset.SchemaJson) ?? [])
            .Select(c => new ColumnSchema(c.Name, Enum.Parse<ColumnType>(c.Type, ignoreCase: true), c.Nullable))]);
}
