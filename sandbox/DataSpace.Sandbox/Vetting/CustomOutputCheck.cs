using Apache.Arrow;
using DataSpace.Sandbox.Data;

namespace DataSpace.Sandbox.Vetting;

/// <summary>
/// The leak check for output kind "custom" (docs/sandbox-custom-output.md): refuses output that contains a value of
/// an identifying column or a whole input row. Output that passes is still held for the supplier's review.
/// </summary>
public static class CustomOutputCheck
{
    /// <summary>
    /// Indexes the output once, then streams the identifying and row columns through it in one pass over the data.
    /// Findings name the column and the 1-based input row, never the value.
    /// </summary>
    public static CustomOutputVerdict Check(
        ReadOnlyMemory<byte> output, IDataSource source, CustomOutputCheckOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var columns = Columns(source.Schema, options);
        if (output.Length > options.MaxOutputBytes)
        {
            return new CustomOutputVerdict { Findings = [new(CustomOutputFindingKind.CheckIncomplete, null, null)] };
        }

        if (output.IsEmpty || columns.Count == 0)
        {
            return new CustomOutputVerdict { Findings = [] };
        }

        var index = new OutputIndex(output.Span);
        cancellationToken.ThrowIfCancellationRequested();
        var identifying = options.IdentifyingColumns.Select(name => columns.IndexOf(name)).ToArray();
        var rowColumns = options.RowColumns.Select(name => columns.IndexOf(name)).ToArray();
        var matcher = new RowMatcher(index, options.MaxRowMatchSteps);
        var findings = new List<CustomOutputFinding>();
        var buffer = new byte[256];
        var starts = new int[rowColumns.Length];
        var lengths = new int[rowColumns.Length];
        long row = 0;
        foreach (var batch in source.ReadBatches(columns, options.BatchRows, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var r = 0; r < batch.Length; r++)
            {
                row++;
                for (var c = 0; c < identifying.Length; c++)
                {
                    if (ContainsIdentifyingValue(batch.Column(identifying[c]), r, index, options, ref buffer)
                        && Add(findings, new(CustomOutputFindingKind.IdentifyingValue, options.IdentifyingColumns[c], row), options))
                    {
                        return Truncated(findings);
                    }
                }

                if (rowColumns.Length > 0 && ContainsRow(batch, rowColumns, r, matcher, options, ref buffer, starts, lengths)
                    && Add(findings, new(CustomOutputFindingKind.WholeRow, null, row), options))
                {
                    return Truncated(findings);
                }

                if (matcher.BudgetSpent)
                {
                    findings.Add(new(CustomOutputFindingKind.CheckIncomplete, null, row));
                    return new CustomOutputVerdict { Findings = findings };
                }
            }
        }

        return new CustomOutputVerdict { Findings = findings };
    }

    /// <summary>The columns to read: identifying then row columns, each once; unknown names are misconfiguration.</summary>
    private static List<string> Columns(DatasetSchema schema, CustomOutputCheckOptions options)
    {
        var columns = new List<string>();
        foreach (var name in options.IdentifyingColumns.Concat(options.RowColumns))
        {
            if (schema.IndexOf(name) < 0)
            {
                throw new ArgumentException($"custom output check: no column '{name}' in the dataset", nameof(options));
            }

            if (!columns.Contains(name, StringComparer.Ordinal))
            {
                columns.Add(name);
            }
        }

        return columns;
    }

    /// <summary>Booleans are never searched (two values, each in any text); values shorter than the minimum neither.</summary>
    private static bool ContainsIdentifyingValue(
        IArrowArray array, int r, OutputIndex index, CustomOutputCheckOptions options, ref byte[] buffer)
    {
        if (array is BooleanArray)
        {
            return false;
        }

        var length = ValueText.Write(array, r, ref buffer, 0);
        if (length < 0)
        {
            return false;
        }

        var value = buffer.AsSpan(0, length);
        return ValueText.CharacterCount(value) >= options.MinValueLength && index.Contains(value);
    }

    private static bool ContainsRow(
        RecordBatch batch,
        int[] rowColumns,
        int r,
        RowMatcher matcher,
        CustomOutputCheckOptions options,
        ref byte[] buffer,
        int[] starts,
        int[] lengths)
    {
        var count = 0;
        var offset = 0;
        var characters = 0;
        foreach (var column in rowColumns)
        {
            var length = ValueText.Write(batch.Column(column), r, ref buffer, offset);
            if (length <= 0)
            {
                continue; // null, NaN, or an empty string: nothing to find
            }

            starts[count] = offset;
            lengths[count] = length;
            characters += ValueText.CharacterCount(buffer.AsSpan(offset, length));
            offset += length;
            count++;
        }

        return count > 0
            && characters >= options.MinRowLength
            && matcher.Matches(buffer.AsSpan(0, offset), starts.AsSpan(0, count), lengths.AsSpan(0, count));
    }

    /// <summary>Adds a finding; true when the cap is reached and the check should stop.</summary>
    private static bool Add(List<CustomOutputFinding> findings, CustomOutputFinding finding, CustomOutputCheckOptions options)
    {
        findings.Add(finding);
        return findings.Count >= options.MaxFindings;
    }

    private static CustomOutputVerdict Truncated(List<CustomOutputFinding> findings) =>
        new() { Findings = findings, FindingsTruncated = true };
}
