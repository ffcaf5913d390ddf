namespace DataSpace.WebConsole.Supplier;

/// <summary>
/// An asynchronous dataset registration started from the Datasets page (<see cref="DatasetRegistrationMap"/>): the
/// console's own id for it, which the browser sees, and the connector's <c>Location</c> for it, which stays here.
/// </summary>
/// <param name="Id">The console's id (random, 32 hex digits): what <c>/datasets?registration=</c> carries.</param>
/// <param name="Dataset">The id of the dataset being registered.</param>
/// <param name="Location">The connector's path for it (<c>/api/v1/datasets/registrations/{id}</c>).</param>
/// <param name="Started">When the console started it.</param>
internal sealed record TrackedRegistration(string Id, string Dataset, string Location, DateTimeOffset Started);
