using System.Globalization;
using System.Text.Json;

namespace DataSpace.Connector.Settlement;

/// <summary>
/// The fields settlement reads from a log entry (action, resource, when, decision; details agreement, meter, operation),
/// read in one forward pass over the entry's bytes: a million runs are read without building a <c>LogEntry</c> each.
/// The bytes were already checked (the log wrote them; an export's chain and root are verified first); anything this
/// reader does not find as expected is reported as absent, and the run is ignored only if it is not a run.
/// </summary>
internal readonly record struct RunEntryFields(string? Action, string? Resource, DateTimeOffset When, string? Decision, string? Agreement, string? Meter, string? Operation)
{
    public static RunEntryFields Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        string? action = null, resource = null, decision = null, agreement = null, meter = null, operation = null;
        var when = default(DateTimeOffset);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("a log entry is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("details"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var field = reader.ValueTextEquals("agreement"u8) ? 1 : reader.ValueTextEquals("meter"u8) ? 2 : reader.ValueTextEquals("operation"u8) ? 3 : 0;
                    reader.Read();
                    switch (field)
                    {
                        case 1: agreement = reader.GetString(); break;
                        case 2: meter = reader.GetString(); break;
                        case 3: operation = reader.GetString(); break;
                    }
                }

                continue;
            }

            var name = reader.ValueTextEquals("action"u8) ? 1 : reader.ValueTextEquals("resource"u8) ? 2 : reader.ValueTextEquals("when"u8) ? 3 : reader.ValueTextEquals("decision"u8) ? 4 : 0;
            reader.Read();
            switch (name)
            {
                case 1: action = reader.GetString(); break;
                case 2: resource = reader.GetString(); break;
                case 3: when = DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal); break;
                case 4: decision = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        return new RunEntryFields(action, resource, when, decision, agreement, meter, operation);
    }
}
