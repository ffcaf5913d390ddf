namespace DataSpace.Connector.Tests.Telemetry;

/// <summary>
/// Runs its tests after the parallel ones, alone: the metrics scrape (the instruments of every connector in this test
/// process share their names, so another test's connector can stand in for the one scraped) and the rate-limit count
/// (one permit a second: four requests spread over more than a second by a loaded machine refill it).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone: shared meters and rate windows";
}
