// OsakaDx host: the table of contents of the platform. The modules it serves are listed once,
// here; the command line (./osakadx ...) and the web platform share everything else.
using OsakaDx.Host.Cli;
using OsakaDx.Modules.Budget;
using OsakaDx.Modules.Search;
using OsakaDx.Modules.Carbon;
using OsakaDx.Modules.Insight;
using OsakaDx.Modules.Talk;
using OsakaDx.Platform.Modules;

IOsakaDxModule[] modules =
[
    // Modules join here as they land.
    new BudgetModule(),
    new SearchModule(),
    new CarbonModule(),
    new TalkModule(),
    new InsightModule(),
];

return await OsakaDxCli.RunAsync(args, modules);

/// <summary>Entry point type, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
