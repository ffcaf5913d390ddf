namespace DataSpace.WebConsole.Tests.Support;

/// <summary>The collection whose tests share one <see cref="BrowserFixture"/>: <c>[Collection(BrowserCollection.Name)]</c>.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Browser";
}
