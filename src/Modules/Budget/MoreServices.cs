using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Requests;

namespace OsakaDx.Modules.Budget;

/// <summary>The services of the fourth slice on entries, template and cycle (査定 of entries, …).</summary>
internal static class MoreServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddScoped<EntryAssessmentService>();
        services.AddScoped<Restoration.RestorationService>();
    }
}
