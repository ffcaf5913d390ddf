using DataSpace.Crypto.Json;

namespace DataSpace.Crypto.Statements;

public sealed partial record MeterRecord
{
    /// <summary>Writes the record as <see cref="ToJson"/> does (the same bytes), without building a tree: for statements listing many runs.</summary>
    public void WriteTo(CanonicalJsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.StartObject();
        writer.Name("billable");
        writer.Boolean(Billable);
        writer.Name("columnsRead");
        writer.Number(ColumnsRead);
        writer.Name("cpuSeconds");
        writer.Number(CpuSeconds);
        writer.Name("delta");
        writer.String(DecimalText(Delta));
        writer.Name("epsilon");
        writer.String(DecimalText(Epsilon));
        writer.Name("outcome");
        writer.String(OutcomeText(Outcome));
        writer.Name("rowsRead");
        writer.Number(RowsRead);
        if (Usage is { } usage)
        {
            writer.Name("usage");
            writer.StartObject();
            writer.Name("bytesFed");
            writer.Number(usage.BytesFed);
            writer.Name("cpuMs");
            writer.Number(usage.CpuMs);
            writer.Name("fuel");
            writer.Number(usage.Fuel);
            writer.Name("groupsReleased");
            writer.Number(usage.GroupsReleased);
            writer.Name("groupsSuppressed");
            writer.Number(usage.GroupsSuppressed);
            writer.Name("modelTrainings");
            writer.Number(usage.ModelTrainings);
            writer.Name("outputBytes");
            writer.Number(usage.OutputBytes);
            writer.Name("rowsPulled");
            writer.Number(usage.RowsPulled);
            writer.Name("wallMs");
            writer.Number(usage.WallMs);
            writer.EndObject();
        }

        writer.EndObject();
    }
}
