using System.Reflection;
using System.Xml.Linq;

namespace OsakaDx.Architecture.Tests;

/// <summary>
/// The module rule: a module builds on the platform (and the UI library) only. It references neither
/// another module nor the host, so modules can be added, removed and tested on their own.
/// </summary>
public static class ModuleRules
{
    public const string ModulePrefix = "OsakaDx.Modules.";
    public const string HostAssembly = "OsakaDx.Host";

    /// <summary>The repository root: the folder holding OsakaDx.slnx, above the test binaries.</summary>
    public static string FindRepositoryRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OsakaDx.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"OsakaDx.slnx not found above {from}.");
    }

    /// <summary>Every src/Modules/*/*.csproj with the projects it references (full paths).</summary>
    public static IReadOnlyList<(string Project, IReadOnlyList<string> References)> ModuleProjects(string repositoryRoot)
    {
        var modules = Path.Combine(repositoryRoot, "src", "Modules");
        if (!Directory.Exists(modules))
        {
            return [];
        }

        return Directory.EnumerateDirectories(modules)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.csproj"))
            .Order(StringComparer.Ordinal)
            .Select(project => (project, (IReadOnlyList<string>)XDocument.Load(project).Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => (string?)e.Attribute("Include"))
                .OfType<string>()
                .Select(include => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', Path.DirectorySeparatorChar))))
                .ToList()))
            .ToList();
    }

    /// <summary>What a module project references that it must not: another module project or the host project.</summary>
    public static IReadOnlyList<string> ProjectViolations(string repositoryRoot, string project, IEnumerable<string> references)
    {
        var modules = Path.GetFullPath(Path.Combine(repositoryRoot, "src", "Modules")) + Path.DirectorySeparatorChar;
        var host = Path.GetFullPath(Path.Combine(repositoryRoot, "src", "Host")) + Path.DirectorySeparatorChar;
        var own = Path.GetDirectoryName(Path.GetFullPath(project))! + Path.DirectorySeparatorChar;
        var name = Path.GetFileName(project);
        return references
            .Where(r => r.StartsWith(host, StringComparison.Ordinal) || (r.StartsWith(modules, StringComparison.Ordinal) && !r.StartsWith(own, StringComparison.Ordinal)))
            .Select(r => $"{name} references {Path.GetRelativePath(repositoryRoot, r).Replace('\\', '/')}")
            .ToList();
    }

    /// <summary>What a module assembly references that it must not: another OsakaDx.Modules.* assembly or OsakaDx.Host.</summary>
    public static IReadOnlyList<string> AssemblyViolations(string assemblyName, IEnumerable<string> referencedAssemblyNames) =>
        referencedAssemblyNames
            .Where(r => r == HostAssembly || (r.StartsWith(ModulePrefix, StringComparison.Ordinal) && r != assemblyName))
            .Select(r => $"{assemblyName} references {r}")
            .ToList();

    /// <summary>The module assemblies beside the test assembly (copied there by the wildcard project reference).</summary>
    public static IReadOnlyList<Assembly> ModuleAssemblies(string folder) =>
        Directory.EnumerateFiles(folder, ModulePrefix + "*.dll")
            .Select(Assembly.LoadFrom)
            .ToList();
}
