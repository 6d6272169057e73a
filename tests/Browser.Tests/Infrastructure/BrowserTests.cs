namespace OsakaDx.Browser.Tests.Infrastructure;

/// <summary>Tests marked <c>[Collection(BrowserTests.Collection)]</c> share one <see cref="BrowserHost"/>.</summary>
[CollectionDefinition(Collection)]
public sealed class BrowserTests : ICollectionFixture<BrowserHost>
{
    public const string Collection = "Browser";
}
