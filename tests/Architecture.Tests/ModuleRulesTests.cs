namespace OsakaDx.Architecture.Tests;

/// <summary>The rule helpers catch what they must: fake modules that break the rule.</summary>
public sealed class ModuleRulesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("osakadx-arch-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_module_project_referencing_another_module_and_the_host_is_reported()
    {
        File.WriteAllText(Path.Combine(root, "OsakaDx.slnx"), "<Solution />");
        Project("src/Modules/Budget/Budget.csproj", "..\\..\\Platform\\Platform.csproj", "..\\Search\\Search.csproj", "../../Host/Host.csproj");
        Project("src/Modules/Search/Search.csproj", "../../Platform/Platform.csproj", "../../Ui/Ui.csproj", "Tests/Search.Helpers.csproj");

        var modules = ModuleRules.ModuleProjects(root);
        Assert.Equal(2, modules.Count);

        var budget = modules.Single(m => m.Project.EndsWith("Budget.csproj", StringComparison.Ordinal));
        var violations = ModuleRules.ProjectViolations(root, budget.Project, budget.References);
        Assert.Equal(["Budget.csproj references src/Modules/Search/Search.csproj", "Budget.csproj references src/Host/Host.csproj"], violations);

        // Platform, Ui and the module's own folder are fine.
        var search = modules.Single(m => m.Project.EndsWith("Search.csproj", StringComparison.Ordinal));
        Assert.Empty(ModuleRules.ProjectViolations(root, search.Project, search.References));
        Assert.Equal(root, ModuleRules.FindRepositoryRoot(Path.Combine(root, "src", "Modules", "Budget")));
    }

    [Fact]
    public void A_module_assembly_referencing_another_module_or_the_host_is_reported()
    {
        var violations = ModuleRules.AssemblyViolations("OsakaDx.Modules.Budget",
            ["System.Runtime", "OsakaDx.Platform", "OsakaDx.Ui", "OsakaDx.Modules.Budget", "OsakaDx.Modules.Search", "OsakaDx.Host"]);
        Assert.Equal(["OsakaDx.Modules.Budget references OsakaDx.Modules.Search", "OsakaDx.Modules.Budget references OsakaDx.Host"], violations);
        Assert.Empty(ModuleRules.AssemblyViolations("OsakaDx.Modules.Budget", ["OsakaDx.Platform", "OsakaDx.Ui", "OsakaDx.Modules.Budget"]));
    }

    [Fact]
    public void Without_a_modules_folder_there_is_nothing_to_check()
    {
        Assert.Empty(ModuleRules.ModuleProjects(root));
    }

    private void Project(string path, params string[] references)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var items = string.Join("\n", references.Select(r => $"    <ProjectReference Include=\"{r}\" />"));
        File.WriteAllText(full, $"<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n{items}\n  </ItemGroup>\n</Project>\n");
    }
}
