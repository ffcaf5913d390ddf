namespace DataSpace.Crypto.Statements;

/// <summary>How the run a <see cref="MeterRecord"/> measures ended (docs/metering.md, "Meter record").</summary>
public enum MeterOutcome
{
    /// <summary>A result was released to the data user (after the run, or after the supplier's review).</summary>
    Released,

    /// <summary>Custom output waits for the supplier's review; the release or refusal that ends it is metered again.</summary>
    Held,

    /// <summary>Refused: by the policy or the budget before reading (nothing read), or the output after reading.</summary>
    Refused,

    /// <summary>The run failed: by the job's own doing (trap, limit, rule broken) or the connector's (data unreadable, stopped).</summary>
    Failed,
}
