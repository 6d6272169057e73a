using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Aggregation;
using OsakaDx.Modules.Budget.Assignments;
using OsakaDx.Modules.Budget.Ceilings;
using OsakaDx.Modules.Budget.Hearing;

namespace OsakaDx.Modules.Budget;

/// <summary>The services of the cycle-coordination side (ceilings, examiners, hearing, balance, the pivot cube).</summary>
internal static class CycleServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddScoped<CeilingService>();
        services.AddScoped<ExaminerService>();
        services.AddScoped<HearingService>();
        services.AddSingleton<PivotCubeCache>();
        services.AddScoped<BalanceService>();
    }
}
