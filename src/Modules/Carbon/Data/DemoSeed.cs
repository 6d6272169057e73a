// Demo data: a manufacturer with two sites and a year and a half of bills, a tour operator with
// two public tours, a handful of other businesses so that the city view has something to
// aggregate (and something to suppress), and three demo accounts. Idempotent.
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Carbon.Activity;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Factors;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Identity;

namespace OsakaDx.Modules.Carbon.Data;

public static class DemoSeed
{
    public const string BusinessRole = Businesses.CarbonAccounts.BusinessRole;
    public const string CityRole = Businesses.CarbonAccounts.CityRole;

    public static readonly IReadOnlyList<(string User, string Password, string Name, string Role)> Accounts =
    [
        ("jigyosha", "Jigyo-Demo-2025!", "淀屋橋 一郎（なにわ精密工業）", BusinessRole),
        ("tour", "Tour-Demo-2025!", "天満 さくら（大阪ベイエコツアーズ）", BusinessRole),
        ("kankyo", "Kankyo-Demo-2025!", "咲洲 みどり（環境局）", CityRole),
    ];

    /// <summary>Demo fiscal years: a full year and the months of the next one entered so far.</summary>
    public const int FullYear = 2025;
    public const int CurrentYear = 2026;
    public static readonly IReadOnlyList<int> CurrentYearMonths = [4, 5, 6, 7, 8, 9, 10];

    private static readonly Dictionary<int, decimal> Season = new()
    {
        [4] = 0.90m, [5] = 0.95m, [6] = 1.10m, [7] = 1.30m, [8] = 1.40m, [9] = 1.20m,
        [10] = 1.00m, [11] = 0.95m, [12] = 1.10m, [1] = 1.25m, [2] = 1.20m, [3] = 1.00m,
    };

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.GetRequiredService<IOptions<PlatformOptions>>().Value.IsDemo)
        {
            throw new InvalidOperationException("デモモードではないため、デモデータは作成できません（OsakaDx:Demo=true で起動してください）。");
        }

        using var actor = AuditActor.Use(null, "seed:demo");
        await EnsureRolesAsync(services);
        await EnsureAccountsAsync(services);
        var db = services.GetRequiredService<CarbonDb>();
        await services.GetRequiredService<FactorCatalog>().EnsureEmbeddedAsync(cancellationToken);
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await db.BriefingSessions.AnyAsync(cancellationToken))
        {
            db.BriefingSessions.AddRange(
                new BriefingSession { HeldOn = new DateOnly(2026, 6, 12), Title = "はじめての CO2 見える化 説明会（デモ）", Venue = "大阪市役所 本庁舎", Attendees = 38, Businesses = 27, UpdatedAtUtc = now, UpdatedBy = "seed:demo" },
                new BriefingSession { HeldOn = new DateOnly(2026, 7, 24), Title = "製造業向け 電気とガスの請求書から排出量を出す（デモ）", Venue = "オンライン", Attendees = 64, Businesses = 51, UpdatedAtUtc = now, UpdatedBy = "seed:demo" },
                new BriefingSession { HeldOn = new DateOnly(2026, 9, 30), Title = "観光事業者向け 脱炭素化ツアーのつくり方（デモ）", Venue = "なにわECOスクエア", Attendees = 22, Businesses = 15, UpdatedAtUtc = now, UpdatedBy = "seed:demo" });
            await db.SaveChangesAsync(cancellationToken);
        }

        if (await db.Businesses.AnyAsync(cancellationToken))
        {
            return;
        }

        var maker = new Business
        {
            Name = "なにわ精密工業株式会社", IndustryCode = "E", Ward = "東成区", Employees = 48, FloorAreaM2 = 2400m, AnnualSalesYen = 1_200_000_000, CreatedAtUtc = now,
            TargetBaseYear = FullYear, TargetPercentPerYear = 4.2m,
            Sites = [new Site { Name = "本社工場", Address = "大阪市東成区深江北1-1-1（デモ）", ElectricityMenuKey = "fps_menu_c" }, new Site { Name = "第二工場", Address = "大阪市東成区大今里2-2-2（デモ）" }],
            Members = [new BusinessMember { UserName = "jigyosha", AddedAtUtc = now }],
        };
        var operatorBusiness = new Business
        {
            Name = "大阪ベイエコツアーズ株式会社", IndustryCode = "N", Ward = "此花区", Employees = 12, FloorAreaM2 = 180m, AnnualSalesYen = 240_000_000, CreatedAtUtc = now,
            Sites = [new Site { Name = "本社", Address = "大阪市此花区北港1-1（デモ）" }],
            Members = [new BusinessMember { UserName = "tour", AddedAtUtc = now }],
        };
        db.Businesses.AddRange(maker, operatorBusiness);
        // Other participants for the city view: five manufacturers in all (shown), two retailers and one hotel (suppressed).
        var others = new (string Name, string Industry, string Ward, int Employees, decimal Area, long Sales, decimal Scale)[]
        {
            ("大正鉄工所株式会社（デモ）", "E", "大正区", 35, 1800m, 800_000_000, 0.8m),
            ("西淀川化成株式会社（デモ）", "E", "西淀川区", 60, 3200m, 1_900_000_000, 1.4m),
            ("生野ゴム工業株式会社（デモ）", "E", "生野区", 22, 900m, 350_000_000, 0.5m),
            ("平野食品株式会社（デモ・市と共有）", "E", "平野区", 80, 4100m, 2_600_000_000, 1.7m),
            ("天満商店株式会社（デモ）", "I", "北区", 9, 250m, 180_000_000, 0.15m),
            ("難波雑貨株式会社（デモ）", "I", "浪速区", 14, 320m, 260_000_000, 0.2m),
            ("ホテル中之島（デモ）", "M", "北区", 40, 5200m, 900_000_000, 1.1m),
        };
        var extra = new List<(Business, decimal)>();
        foreach (var (o, index) in others.Select((o, i) => (o, i)))
        {
            var b = new Business
            {
                // Registered over the past months, so the city's participation chart has a history.
                Name = o.Name, IndustryCode = o.Industry, Ward = o.Ward, Employees = o.Employees, FloorAreaM2 = o.Area, AnnualSalesYen = o.Sales, CreatedAtUtc = now.AddDays(-30 * (others.Length - index)),
                Sites = [new Site { Name = "本社", Address = $"大阪市{o.Ward}（デモ）" }],
                SharesWithCity = o.Name.Contains("市と共有", StringComparison.Ordinal),
                SharesWithCityChangedAtUtc = o.Name.Contains("市と共有", StringComparison.Ordinal) ? now : null,
            };
            db.Businesses.Add(b);
            extra.Add((b, o.Scale));
        }

        await db.SaveChangesAsync(cancellationToken);

        // The manufacturer's yearly entries: an air conditioner's refrigerant top-up and some Scope 3.
        db.YearEntries.AddRange(
            new YearEntry { BusinessId = maker.Id, FiscalYear = FullYear, Scope = 1, FactorKey = "r410a", Quantity = 3m, UnitCode = "kg", Label = "本社工場 空調の点検時に補充（デモ）", UpdatedAtUtc = now, UpdatedBy = "seed:demo" },
            new YearEntry { BusinessId = maker.Id, FiscalYear = FullYear, Scope = 3, Category = 6, FactorKey = "s3_travel_rail", Quantity = 1_200_000m, UnitCode = "円", Label = "出張の鉄道運賃（デモ）", UpdatedAtUtc = now, UpdatedBy = "seed:demo" },
            new YearEntry { BusinessId = maker.Id, FiscalYear = FullYear, Scope = 3, Category = 7, FactorKey = "s3_commute_factory_large", Quantity = 11_520m, UnitCode = "人日", Label = "48人 × 240日（デモ）", UpdatedAtUtc = now, UpdatedBy = "seed:demo" },
            new YearEntry { BusinessId = maker.Id, FiscalYear = FullYear, Scope = 3, Category = 5, FactorKey = "s3_waste_incineration", Quantity = 4.2m, UnitCode = "t", Label = "事業系一般廃棄物（デモ）", UpdatedAtUtc = now, UpdatedBy = "seed:demo" });
        await db.SaveChangesAsync(cancellationToken);

        var activity = services.GetRequiredService<ActivityService>();
        var calc = services.GetRequiredService<CalculationService>();
        await FillAsync(activity, maker.Sites[0].Id, 1.0m, gasSpike: true, cancellationToken);
        await FillAsync(activity, maker.Sites[1].Id, 0.45m, gasSpike: false, cancellationToken);
        await FillAsync(activity, operatorBusiness.Sites[0].Id, 0.08m, gasSpike: false, cancellationToken);
        foreach (var (b, scale) in extra)
        {
            await FillAsync(activity, b.Sites[0].Id, scale, gasSpike: false, cancellationToken);
        }

        foreach (var b in new[] { maker, operatorBusiness }.Concat(extra.Select(e => e.Item1)))
        {
            await calc.RunAsync(b.Id, FullYear, null, "seed:demo", cancellationToken);
            await calc.RunAsync(b.Id, CurrentYear, null, "seed:demo", cancellationToken);
        }

        db.Tours.AddRange(
            new Tour
            {
                BusinessId = operatorBusiness.Id, Title = "水都大阪と万博記念 脱炭素1泊2日ツアー", IsExpo = true, IsPublished = true, Days = 2, Nights = 1,
                HotelKgPerNight = 12.5m, UpdatedAtUtc = now,
                Summary = "地下鉄と徒歩で夢洲・中之島・大阪城をめぐります。宿泊は自社で排出量を算定しているホテル（デモの値）です。",
                Legs =
                [
                    new TourLeg { Order = 1, Label = "新大阪駅 → 夢洲", ModeKey = "mode_subway", BaselineModeKey = "mode_car", DistanceKm = 18m },
                    new TourLeg { Order = 2, Label = "夢洲 → 中之島", ModeKey = "mode_subway", BaselineModeKey = "mode_taxi", DistanceKm = 9m },
                    new TourLeg { Order = 3, Label = "中之島 → 大阪城", ModeKey = "mode_walk_cycle", BaselineModeKey = "mode_taxi", DistanceKm = 3m },
                    new TourLeg { Order = 4, Label = "大阪城 → 新大阪駅", ModeKey = "mode_subway", BaselineModeKey = "mode_car", DistanceKm = 8m },
                ],
                Items =
                [
                    new TourItem { Order = 1, Kind = "meal", Label = "なにわ伝統野菜の昼食", KgPerParticipant = 1.2m, BaselineKgPerParticipant = 2.6m, Basis = "ツアー事業者の試算（デモの値）：地元産の野菜中心、輸送距離の短い食材" },
                    new TourItem { Order = 2, Kind = "activity", Label = "中之島 水上バス（電動船）", KgPerParticipant = 0.3m, BaselineKgPerParticipant = 1.1m, Basis = "運航事業者の公表値を参考にした試算（デモの値）" },
                ],
            },
            new Tour
            {
                BusinessId = operatorBusiness.Id, Title = "阪堺電車でめぐる住吉・堺 日帰りエコツアー", IsExpo = false, IsPublished = true, Days = 1, Nights = 0, UpdatedAtUtc = now,
                Summary = "路面電車と徒歩で住吉大社から堺の町並みへ。",
                Legs =
                [
                    new TourLeg { Order = 1, Label = "天王寺駅前 → 住吉大社", ModeKey = "mode_tram", BaselineModeKey = "mode_charter_bus", DistanceKm = 7m },
                    new TourLeg { Order = 2, Label = "住吉大社 → 堺 宿院", ModeKey = "mode_tram", BaselineModeKey = "mode_charter_bus", DistanceKm = 5m },
                    new TourLeg { Order = 3, Label = "宿院周辺の散策", ModeKey = "mode_walk_cycle", BaselineModeKey = "mode_taxi", DistanceKm = 2m },
                ],
            },
            new Tour
            {
                BusinessId = operatorBusiness.Id, Title = "（下書き）淀川サイクリングツアー", IsPublished = false, Days = 1, Nights = 0, UpdatedAtUtc = now, Summary = "公開前の下書き。",
                Legs = [new TourLeg { Order = 1, Label = "梅田 → 淀川河川敷", ModeKey = "mode_walk_cycle", BaselineModeKey = "mode_route_bus", DistanceKm = 6m }],
            });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task FillAsync(ActivityService activity, int siteId, decimal scale, bool gasSpike, CancellationToken cancellationToken)
    {
        foreach (var (fy, months, trend) in new[] { (FullYear, (IReadOnlyList<int>)ActivityKind.FiscalMonths, 1.0m), (CurrentYear, CurrentYearMonths, 0.92m) })
        {
            var cells = new List<ActivityCell>();
            foreach (var m in months)
            {
                var season = Season[m];
                // Demo bill amounts: about 27 円/kWh, 160 円/m³, 170 円/L gasoline, 120 円/L kerosene.
                var kwh = Math.Round(18_000m * scale * season * trend, 0);
                cells.Add(new ActivityCell(m, ActivityKind.Electricity, kwh, Unit.KWh, (long)Math.Round(kwh * 27m)));
                var gas = Math.Round(900m * scale * (2.2m - season) * trend, 1);
                if (gasSpike && fy == CurrentYear && m == 8)
                {
                    gas *= 3;
                }

                cells.Add(new ActivityCell(m, "city_gas", gas, Unit.M3, (long)Math.Round(gas * 160m)));
                var gasoline = Math.Round(320m * scale * trend, 1);
                cells.Add(new ActivityCell(m, "gasoline", gasoline, Unit.L, (long)Math.Round(gasoline * 170m)));
                if (m is 12 or 1 or 2)
                {
                    var kerosene = Math.Round(150m * scale, 1);
                    cells.Add(new ActivityCell(m, "kerosene", kerosene, Unit.L, (long)Math.Round(kerosene * 120m)));
                }
                else
                {
                    cells.Add(new ActivityCell(m, "kerosene", 0m, Unit.L));
                }
            }

            await activity.SaveSheetAsync(siteId, fy, cells, 0, "seed:demo", cancellationToken);
        }
    }

    private static Task EnsureRolesAsync(IServiceProvider services) =>
        Businesses.CarbonAccounts.EnsureRolesAsync(services.GetRequiredService<RoleManager<StaffRole>>());

    private static async Task EnsureAccountsAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var clock = services.GetRequiredService<TimeProvider>();
        foreach (var (user, password, name, role) in Accounts)
        {
            if (await users.FindByNameAsync(user) is not null)
            {
                continue;
            }

            var account = new StaffUser
            {
                UserName = user, Email = $"{user}@demo.osakadx.invalid", EmailConfirmed = true, DisplayName = name,
                IsDemo = true, CreatedAtUtc = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true,
            };
            Check(await users.CreateAsync(account, password));
            Check(await users.AddToRoleAsync(account, role));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("デモの準備に失敗しました: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
