using OsakaDx.Testing;

namespace OsakaDx.Talk.Tests;

/// <summary>The real host on a fresh SQLite data folder (demo mode, so the demo data is there).</summary>
public sealed class HostFixture() : ModuleHostFixture("talk");

[CollectionDefinition(Name)]
public sealed class HostGroup : ICollectionFixture<HostFixture>
{
    public const string Name = "host";
}
