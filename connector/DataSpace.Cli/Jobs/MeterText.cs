using System.Globalization;
using System.Text.Json.Nodes;
using DataSpace.Crypto.Statements;

namespace DataSpace.Cli.Jobs;

/// <summary>How <c>dsc job status</c> and <c>dsc result get</c> print a run's meter (docs/metering.md, "Meter record").</summary>
internal static class MeterText
{
    /// <summary>The meter's lines: what the price depends on, and the supplier's counters when the connector showed them.</summary>
    public static IEnumerable<string> Lines(JsonObject? node)
    {
        if (node is null)
        {
            yield break;
        }

        MeterRecord meter;
        try
        {
            meter = MeterRecord.Parse(node);
        }
        catch (StatementException e)
        {
            throw new CliInputException("the connector's meter is malformed: " + e.Message);
        }

        foreach (var line in Lines(meter))
        {
            yield return line;
        }
    }

    /// <summary>As above, for a parsed meter.</summary>
    public static IEnumerable<string> Lines(MeterRecord meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        yield return string.Create(CultureInfo.InvariantCulture,
            $"  meter        {meter.Outcome.ToString().ToLowerInvariant()}, {(meter.Billable ? "billable" : "not billable")}: {meter.RowsRead:N0} rows read, " +
            $"{meter.ColumnsRead:N0} columns, {meter.CpuSeconds:N0} CPU-s, epsilon {MeterRecord.DecimalText(meter.Epsilon)}, delta {MeterRecord.DecimalText(meter.Delta)}");
        if (meter.Usage is { } usage)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  usage        {usage.RowsPulled:N0} rows pulled, {usage.BytesFed:N0} bytes fed, {usage.Fuel:N0} fuel, {usage.CpuMs:N0} ms CPU, " +
                $"{usage.WallMs:N0} ms wall, {usage.OutputBytes:N0} output bytes, {usage.GroupsReleased:N0} groups released, " +
                $"{usage.GroupsSuppressed:N0} suppressed, {usage.ModelTrainings:N0} model trainings");
        }
    }
}
