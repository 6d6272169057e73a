using Microsoft.Extensions.DependencyInjection;

namespace OsakaDx.Modules.Budget.Revenue;

/// <summary>The 歳入 side's services (one line in BudgetModule).</summary>
internal static class RevenueServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddScoped<RevenueService>();
        services.AddScoped<RevenueAggregates>();
    }
}
