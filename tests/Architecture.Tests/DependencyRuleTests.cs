using NetArchTest.Rules;
using OsakaDx.Platform;

namespace OsakaDx.Architecture.Tests;

public sealed class DependencyRuleTests
{
    private static readonly string Root = ModuleRules.FindRepositoryRoot(AppContext.BaseDirectory);

    [Fact]
    public void Platform_does_not_depend_on_the_host_the_ui_or_any_module()
    {
        var result = Types.InAssembly(typeof(PlatformRegistration).Assembly)
            .ShouldNot().HaveDependencyOnAny("OsakaDx.Host", "OsakaDx.Ui", "OsakaDx.Modules")
            .GetResult();
        Assert.True(result.IsSuccessful, Offenders(result));
        Assert.DoesNotContain(typeof(PlatformRegistration).Assembly.GetReferencedAssemblies(),
            a => a.Name is "OsakaDx.Host" or "OsakaDx.Ui" || a.Name!.StartsWith(ModuleRules.ModulePrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void Ui_does_not_depend_on_the_host()
    {
        var ui = typeof(OsakaDx.Ui.Components.SkipLink).Assembly;
        var result = Types.InAssembly(ui).ShouldNot().HaveDependencyOn("OsakaDx.Host").GetResult();
        Assert.True(result.IsSuccessful, Offenders(result));
        Assert.DoesNotContain(ui.GetReferencedAssemblies(), a => a.Name == "OsakaDx.Host");
    }

    [Fact]
    public void Module_projects_reference_neither_another_module_nor_the_host()
    {
        var violations = ModuleRules.ModuleProjects(Root)
            .SelectMany(m => ModuleRules.ProjectViolations(Root, m.Project, m.References))
            .ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Module_assemblies_reference_neither_another_module_nor_the_host()
    {
        var projects = ModuleRules.ModuleProjects(Root);
        var assemblies = ModuleRules.ModuleAssemblies(AppContext.BaseDirectory);

        // Every module project on disk is built beside the tests (wildcard reference in the csproj):
        // a module cannot slip past the rule by not being referenced.
        Assert.True(assemblies.Count >= projects.Count,
            $"{projects.Count} module projects under src/Modules but {assemblies.Count} OsakaDx.Modules.*.dll beside the tests");

        var violations = new List<string>();
        foreach (var assembly in assemblies)
        {
            var name = assembly.GetName().Name!;
            violations.AddRange(ModuleRules.AssemblyViolations(name, assembly.GetReferencedAssemblies().Select(a => a.Name!)));
            var others = assemblies.Select(a => a.GetName().Name!).Where(n => n != name).Append("OsakaDx.Host").ToArray();
            var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(others).GetResult();
            if (!result.IsSuccessful)
            {
                violations.Add($"{name}: {Offenders(result)}");
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_dependency_check_sees_real_dependencies()
    {
        // Guards against a vacuous rule (wrong assembly, wrong namespace matching): the host-free UI
        // library does build on the platform, and NetArchTest must say so.
        var result = Types.InAssembly(typeof(OsakaDx.Ui.Components.SkipLink).Assembly)
            .ShouldNot().HaveDependencyOn("OsakaDx.Platform").GetResult();
        Assert.False(result.IsSuccessful);
        Assert.NotEmpty(result.FailingTypeNames);
    }

    private static string Offenders(TestResult result) =>
        "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
