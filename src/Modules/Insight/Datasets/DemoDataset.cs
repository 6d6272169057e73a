// The demo's department dataset: 健康局's (synthetic) 特定健診 results, 8,000 rows, anonymized
// with the roles in SampleDataset and shared with デジタル統括室. 福祉局 and the others do not see it.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Insight.Data;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Insight.Datasets;

internal static class DemoDataset
{
    public const string Title = "特定健診の受診結果（2025年度・合成データ）";

    public static async Task CreateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var platform = services.GetRequiredService<PlatformDb>();
        var health = await platform.OrgUnits.AsNoTracking().Where(o => o.Code == "B10").Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);
        var digital = await platform.OrgUnits.AsNoTracking().Where(o => o.Code == "B18").Select(o => (int?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (health is null || await services.GetRequiredService<InsightDb>().Datasets.AnyAsync(cancellationToken))
        {
            return;
        }

        using var actor = AuditActor.Use(null, "seed:demo");
        var user = new InsightUser("seed:demo", health, health, new HashSet<int> { health.Value }, new HashSet<string>(StringComparer.Ordinal) { InsightPermissions.Dataset, InsightPermissions.View });
        var service = services.GetRequiredService<DatasetService>();
        using var file = new MemoryStream(SampleDataset.Bytes(8000, 11));
        var (dataset, errors) = await service.UploadAsync(user, null, file, "tokutei-kenshin-2025.csv", Title,
            "区・年齢階級・性別ごとの受診結果（判定）と BMI・腹囲。氏名と受診者番号は登録時・匿名化時に削除。デモ用の合成データです。", new DateOnly(2026, 3, 31), cancellationToken);
        if (dataset is null)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        var columns = DatasetColumn.Parse(dataset.ColumnsJson);
        var roles = columns.Select(c => SampleDataset.Roles.TryGetValue(c.Name, out var r) ? r : (ColumnRoles.Drop, "")).ToList();
        var saved = await service.SaveSettingsAsync(user, dataset.Id, new DatasetSettingsInput(dataset.Version, roles, 5, 2, 0.05, 10, digital is { } d ? [d] : []), cancellationToken);
        if (!saved.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", saved.Errors));
        }

        var (_, outcome) = await service.StartRunAsync(user, dataset.Id, enqueue: false, cancellationToken);
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", outcome.Errors));
        }
    }
}
