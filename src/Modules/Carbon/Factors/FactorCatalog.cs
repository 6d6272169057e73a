// The factor catalogue: the values shipped with the platform (Factors/factors-embedded.csv, taken
// from shared/reference/carbon.md with their status) and every file an administrator imports.
// Each import is a new FactorSet; nothing is overwritten, so past results keep their version.
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Carbon.Calc;
using OsakaDx.Modules.Carbon.Data;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Text;

namespace OsakaDx.Modules.Carbon.Factors;

/// <summary>Reads, stores and chooses factor sets.</summary>
public sealed partial class FactorCatalog(CarbonDb db, TimeProvider clock)
{
    /// <summary>Version 2 adds heat, GWP (AR4/AR5) and Scope 3; a database holding version 1 gets version 2 as a new set.</summary>
    public const string EmbeddedSource = "embedded:2";
    public const string EmbeddedLabel = "同梱値 第2版（参照資料 carbon.md より・公式一覧と未照合）";
    public const int EmbeddedFiscalYear = 2025;

    public static readonly IReadOnlyList<string> Headers =
        ["キー", "名称", "区分", "スコープ", "単位", "係数(t-CO2/単位)", "年度", "出典URL", "公表日", "資料区分", "照合", "備考"];

    public static readonly IReadOnlyList<string> Categories = ["燃料", "電気", "熱", "旅客輸送", "宿泊", "GWP", "支出", "貨物輸送", "廃棄物", "出張", "通勤"];

    /// <summary>The shipped CSV file's bytes.</summary>
    public static byte[] EmbeddedCsv()
    {
        using var stream = typeof(FactorCatalog).Assembly.GetManifestResourceStream("OsakaDx.Modules.Carbon.factors-embedded.csv")
            ?? throw new InvalidOperationException("同梱の係数ファイルが見つかりません。");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Stores the shipped set once (idempotent).</summary>
    public async Task<FactorSet> EnsureEmbeddedAsync(CancellationToken cancellationToken = default)
    {
        var existing = await db.FactorSets.FirstOrDefaultAsync(s => s.Source == EmbeddedSource, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var factors = Parse(new MemoryStream(EmbeddedCsv()));
        var set = new FactorSet
        {
            Label = EmbeddedLabel,
            TargetFiscalYear = EmbeddedFiscalYear,
            Source = EmbeddedSource,
            ImportedAtUtc = clock.GetUtcNow().UtcDateTime,
            ImportedBy = "system",
            Factors = factors.ToList(),
        };
        db.FactorSets.Add(set);
        await db.SaveChangesAsync(cancellationToken);
        return set;
    }

    /// <summary>Reads a whole file and stores it as a new set; on any error nothing is stored.</summary>
    /// <exception cref="CsvFormatException">The first problem, naming its line.</exception>
    public async Task<FactorSet> ImportAsync(Stream csv, string label, int? targetFiscalYear, string source, string importedBy, CancellationToken cancellationToken = default)
    {
        await EnsureEmbeddedAsync(cancellationToken);
        var factors = Parse(csv);
        var year = targetFiscalYear ?? factors.Where(f => f.FiscalYear is not null).Select(f => f.FiscalYear!.Value).DefaultIfEmpty(EmbeddedFiscalYear).Max();
        var set = new FactorSet
        {
            Label = string.IsNullOrWhiteSpace(label) ? $"{year}年度 取込（{source}）" : label.Trim(),
            TargetFiscalYear = year,
            Source = source,
            ImportedAtUtc = clock.GetUtcNow().UtcDateTime,
            ImportedBy = importedBy,
            Factors = factors.ToList(),
        };
        db.FactorSets.Add(set);
        await db.SaveChangesAsync(cancellationToken);
        return set;
    }

    /// <summary>
    /// The set to use for a fiscal year: the newest set made for that year; else the newest set
    /// for the year before, applied provisionally (暫定適用, as the reference advises: at most one
    /// year back); else null.
    /// </summary>
    public async Task<(FactorSet Set, bool Provisional)?> ChooseAsync(int fiscalYear, CancellationToken cancellationToken = default)
    {
        await EnsureEmbeddedAsync(cancellationToken);
        // An imported (official) set beats a shipped one for the same year, whichever was stored last.
        var candidates = await db.FactorSets.AsNoTracking()
            .Where(s => s.TargetFiscalYear <= fiscalYear && s.TargetFiscalYear >= fiscalYear - 1)
            .OrderByDescending(s => s.TargetFiscalYear).ThenBy(s => s.Source.StartsWith("embedded:") ? 1 : 0).ThenByDescending(s => s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (candidates is null)
        {
            return null;
        }

        return (candidates, candidates.TargetFiscalYear != fiscalYear);
    }

    /// <summary>A set's factors by key.</summary>
    public async Task<Dictionary<string, Factor>> FactorsAsync(int setId, CancellationToken cancellationToken = default) =>
        await db.Factors.AsNoTracking().Where(f => f.FactorSetId == setId).ToDictionaryAsync(f => f.Key, StringComparer.Ordinal, cancellationToken);

    /// <summary>
    /// Parses a factor table: CSV (UTF-8 or Shift_JIS) or the first sheet of an .xlsx workbook, as the
    /// ministry publishes its tables in Excel. Every row is checked; the first error is thrown.
    /// </summary>
    /// <exception cref="CsvFormatException">A Japanese message naming the line and column.</exception>
    public static IReadOnlyList<Factor> Parse(Stream csv)
    {
        var (headers, rows) = Activity.BillSheet.Read(csv);
        var table = (Headers: headers, Rows: rows);
        foreach (var h in Headers)
        {
            if (!table.Headers.Contains(h))
            {
                throw new CsvFormatException(1, $"見出し「{h}」の列がありません。見出しは {string.Join(",", Headers)} です。");
            }
        }

        if (table.Rows.Count == 0)
        {
            throw new CsvFormatException(2, "係数の行がありません。");
        }

        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<Factor>();
        foreach (var row in table.Rows)
        {
            var line = row.Line;
            string Cell(string h) => JapaneseText.Nfkc(row[h])?.Trim() ?? "";
            var key = Cell("キー");
            if (!KeyPattern().IsMatch(key))
            {
                throw new CsvFormatException(line, $"キー「{key}」は半角英小文字・数字・_ の60文字以内で入力してください。", "キー");
            }

            if (!keys.TryAdd(key, line))
            {
                throw new CsvFormatException(line, $"キー「{key}」は {keys[key]} 行目と重複しています。", "キー");
            }

            var name = row["名称"].Trim();
            if (name.Length is 0 or > 200)
            {
                throw new CsvFormatException(line, "名称を200文字以内で入力してください。", "名称");
            }

            var category = Cell("区分");
            if (!Categories.Contains(category))
            {
                throw new CsvFormatException(line, $"区分「{category}」は {string.Join("・", Categories)} のいずれかにしてください。", "区分");
            }

            if (!int.TryParse(Cell("スコープ"), NumberStyles.None, CultureInfo.InvariantCulture, out var scope) || scope is < 1 or > 3)
            {
                throw new CsvFormatException(line, $"スコープ「{Cell("スコープ")}」は 1、2、3 のいずれかにしてください。", "スコープ");
            }

            if (!Unit.TryParse(Cell("単位"), out var unit))
            {
                throw new CsvFormatException(line, $"単位「{Cell("単位")}」は使えません（使える単位: {string.Join("、", Unit.All.Select(u => u.Code))}）。", "単位");
            }

            Dimension[] expected = category switch
            {
                "電気" => [Dimension.Electricity],
                "熱" => [Dimension.Heat],
                "旅客輸送" => [Dimension.PassengerKm],
                "宿泊" => [Dimension.Night],
                "GWP" or "廃棄物" => [Dimension.Mass],
                "支出" => [Dimension.Money],
                "貨物輸送" => [Dimension.TonneKm],
                "出張" => [Dimension.Money, Dimension.PersonDay, Dimension.PersonYear],
                "通勤" => [Dimension.PersonDay, Dimension.PersonYear],
                _ => [Dimension.Volume, Dimension.Mass],
            };
            if (!expected.Contains(unit.Dimension))
            {
                throw new CsvFormatException(line, $"区分「{category}」の係数に単位「{unit.Label}」は使えません（燃料は kL・千m3・t など、電気は kWh、熱は GJ、旅客輸送は 人km、宿泊は 人泊、GWP・廃棄物は t、支出は 百万円、貨物輸送は tkm、出張は 百万円・人日・人年、通勤は 人日）。", "単位");
            }

            if (category is "支出" or "貨物輸送" or "廃棄物" or "出張" or "通勤" && Cell("スコープ") != "3")
            {
                throw new CsvFormatException(line, $"区分「{category}」の係数はスコープ 3 にしてください。", "スコープ");
            }

            var status = Cell("資料区分").ToUpperInvariant() switch
            {
                "P" => FactorStatus.Primary,
                "S" => FactorStatus.Secondary,
                "H" => FactorStatus.Historical,
                "GAP" => FactorStatus.Gap,
                "DEF" => FactorStatus.Definition,
                var other => throw new CsvFormatException(line, $"資料区分「{other}」は P・S・H・GAP・DEF のいずれかにしてください。", "資料区分"),
            };

            decimal? value = null;
            var valueText = Cell("係数(t-CO2/単位)").Replace(",", "", StringComparison.Ordinal);
            if (valueText.Length > 0)
            {
                if (!decimal.TryParse(valueText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                {
                    throw new CsvFormatException(line, $"係数「{valueText}」を数値として読めません。", "係数(t-CO2/単位)");
                }

                if (v < 0)
                {
                    throw new CsvFormatException(line, "係数に負の値は使えません。", "係数(t-CO2/単位)");
                }

                value = v;
            }

            if (status == FactorStatus.Gap && value is not null)
            {
                throw new CsvFormatException(line, "資料区分が GAP（未確認）の行には係数を入れないでください。値を確認したら資料区分を P か S にしてください。", "係数(t-CO2/単位)");
            }

            if (status != FactorStatus.Gap && value is null)
            {
                throw new CsvFormatException(line, "係数を入力してください（値が分からない場合は資料区分を GAP にしてください）。", "係数(t-CO2/単位)");
            }

            int? year = null;
            var yearText = Cell("年度");
            if (yearText.Length > 0)
            {
                if (!int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 1990 or > 2100)
                {
                    throw new CsvFormatException(line, $"年度「{yearText}」は西暦4桁（例: 2025）で入力してください。", "年度");
                }

                year = y;
            }

            var url = Cell("出典URL");
            if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            {
                throw new CsvFormatException(line, $"出典URL「{url}」は http(s):// で始まるURLにしてください。", "出典URL");
            }

            if (url.Length == 0 && status is not (FactorStatus.Definition))
            {
                throw new CsvFormatException(line, "出典URLを入力してください（出典のない値は取り込めません）。", "出典URL");
            }

            var published = Cell("公表日");
            if (published.Length > 0 && !PublishedPattern().IsMatch(published))
            {
                throw new CsvFormatException(line, $"公表日「{published}」は 2025、2025-04、2025-03-18 のいずれかの形で入力してください。", "公表日");
            }

            var verified = Cell("照合") switch
            {
                "照合済" or "照合済み" => true,
                "未照合" or "" => false,
                var other => throw new CsvFormatException(line, $"照合「{other}」は「照合済み」か「未照合」にしてください。", "照合"),
            };

            result.Add(new Factor
            {
                Key = key,
                Name = name,
                Category = category,
                Scope = scope,
                UnitCode = unit.Code,
                Value = value,
                FiscalYear = year,
                SourceUrl = url,
                PublishedOn = published,
                Status = status,
                Verified = verified,
                Note = row["備考"].Trim(),
            });
        }

        return result;
    }

    /// <summary>Writes factors back in the import layout (download, round trip).</summary>
    public static IEnumerable<IReadOnlyList<string?>> ToRows(IEnumerable<Factor> factors) =>
        factors.Select(f => (IReadOnlyList<string?>)
        [
            f.Key, f.Name, f.Category, f.Scope.ToString(CultureInfo.InvariantCulture), f.UnitCode,
            f.Value?.ToString(CultureInfo.InvariantCulture) ?? "", f.FiscalYear?.ToString(CultureInfo.InvariantCulture) ?? "",
            f.SourceUrl, f.PublishedOn, StatusCode(f.Status), f.Verified ? "照合済み" : "未照合", f.Note,
        ]);

    public static string StatusCode(FactorStatus s) => s switch
    {
        FactorStatus.Primary => "P",
        FactorStatus.Secondary => "S",
        FactorStatus.Historical => "H",
        FactorStatus.Gap => "GAP",
        _ => "DEF",
    };

    /// <summary>What the status means, shown next to every value.</summary>
    public static string StatusLabel(FactorStatus s) => s switch
    {
        FactorStatus.Primary => "一次資料（発行元の公表値）",
        FactorStatus.Secondary => "二次資料（公式値の写し）",
        FactorStatus.Historical => "履歴値（現行でない可能性）",
        FactorStatus.Gap => "未確認（GAP・値なし）",
        _ => "定義値",
    };

    [GeneratedRegex("^[a-z0-9_]{1,60}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?$")]
    private static partial Regex PublishedPattern();
}
