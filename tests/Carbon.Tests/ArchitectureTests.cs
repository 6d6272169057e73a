using OsakaDx.Modules.Carbon;

namespace OsakaDx.Carbon.Tests;

public sealed class ArchitectureTests
{
    [Fact]
    public void The_module_references_only_the_platform_and_the_ui()
    {
        var ours = typeof(CarbonModule).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("OsakaDx.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(["OsakaDx.Platform", "OsakaDx.Ui"], ours);
    }
}
