// The one door through which a module joins the platform. A module project has a single
// `…Module` class implementing IOsakaDxModule; the host lists them in Program.cs.
using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace OsakaDx.Platform.Modules;

/// <summary>A business system hosted by the platform (Search, Budget, ...).</summary>
public interface IOsakaDxModule
{
    /// <summary>Short lower-case name used in URLs, CLI verbs and schemas: "budget".</summary>
    string Name { get; }

    /// <summary>Japanese display name: 「予算編成」.</summary>
    string DisplayName { get; }

    /// <summary>
    /// The module's entry in the global menu, which lists one entry per module (its own pages are then
    /// listed in the section menu). Short; defaults to <see cref="DisplayName"/>.
    /// </summary>
    string MenuTitle => DisplayName;

    /// <summary>Permissions this module defines; shown on the role admin page.</summary>
    IEnumerable<PermissionDefinition> Permissions { get; }

    /// <summary>Entries this module adds to the global menu.</summary>
    IEnumerable<MenuItem> MenuItems { get; }

    /// <summary>Registers services, its DbContext and background job handlers.</summary>
    void AddServices(WebApplicationBuilder builder);

    /// <summary>Maps the module's API endpoints (under /api/{Name}).</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>The module's command-line verbs: ./osakadx {Name} {verb}. Null when it has none.</summary>
    Command? CreateCommand(ModuleCommandContext context) => null;

    /// <summary>Creates the module's demo data; must be idempotent.</summary>
    Task SeedDemoAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A permission a role can be granted: "budget.review" 「予算査定」.</summary>
public sealed record PermissionDefinition(string Name, string DisplayName, string Description, string Group);

/// <summary>A global menu entry. Hidden from users lacking <see cref="Permission"/> when set.</summary>
public sealed record MenuItem(string Title, string Href, string? Permission = null, int Order = 100, string? Description = null);

/// <summary>
/// What a module's CLI verbs receive: the shared --json option and a way to start the platform's
/// services (database migrated, actor set) for the data folder chosen with --data.
/// </summary>
public sealed class ModuleCommandContext(Option<bool> jsonOption, Func<ParseResult, CancellationToken, Task<CliSession>> start)
{
    public Option<bool> JsonOption => jsonOption;

    public Task<CliSession> StartAsync(ParseResult parseResult, CancellationToken cancellationToken) => start(parseResult, cancellationToken);
}

/// <summary>The platform started for one CLI verb. Dispose it when the verb is done.</summary>
public sealed class CliSession(IServiceProvider services, bool json, Func<ValueTask> dispose) : IAsyncDisposable
{
    public IServiceProvider Services => services;

    /// <summary>True when the caller asked for --json: print one JSON document on stdout and nothing else.</summary>
    public bool Json => json;

    public ValueTask DisposeAsync() => dispose();
}
