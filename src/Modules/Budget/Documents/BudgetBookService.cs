// 予算書 from a closed stage: 第1表 歳入歳出予算 (款・項), 第4表 地方債, and the 歳入歳出予算事項別明細書
// (総括, 歳入, 歳出 with 本年度/前年度/比較, 財源内訳, 節 and 説明), every amount in 千円.
//
// Rounding (documented in the README): within each 会計 the 歳出 is rounded once, at its finest
// grain (目 × 節), by the largest-remainder method to the 会計's exact total rounded half up; every
// higher figure (目, 項, 款, 会計) is the sum of those printed leaves, so every printed total adds up.
// The 財源内訳 of a 目 and its 説明 (事業) are then apportioned to that 目's printed total, 前年度 is
// rounded the same way on its own leaves (目), and 比較 = 本年度 − 前年度 as printed.
//
// 歳入 comes from the 歳入 requests of the stage (Revenue/RevenueBook.cs: 款・項・目, 千円 by the same rule). Only a
// 会計 with no 歳入 requests (in the stage nor 前年度) falls back to the former derivation — the sum of the 事業's
// 財源内訳 (国庫支出金, 府支出金, 市債, その他特定財源 → 諸収入) with the rest as 一般財源等 — labelled on the sheet.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Documents;

/// <summary>One printed row of the 歳出 事項別明細書 (千円).</summary>
public sealed record BookRow(string Level, string Account, string Kan, string Kou, string Moku, long? Current, long? Previous,
    long? NationalPrefectural, long? Bonds, long? OtherSpecific, long? General, string? Setsu, long? SetsuAmount, string? Note, long? NoteAmount);

/// <summary>
/// A 会計's 歳入 (千円), 本年度 and 前年度: from the 歳入 requests at the levels 会計・款・項・目, or (Level 「財源」) derived
/// from the 歳出 財源内訳 for a 会計 without 歳入 requests.
/// </summary>
public sealed record RevenueRow(string Account, string Kan, long Current, long Previous, string Level = "財源", string Kou = "", string Moku = "");

public sealed record BudgetBook(int Year, string StageName, string PreviousSource, IReadOnlyList<BookRow> Expenditure, IReadOnlyList<RevenueRow> Revenue, IReadOnlyList<(string Account, string Purpose, long Limit)> Bonds)
{
    /// <summary>第2表 継続費, 第3表 債務負担行為 and 繰越明許費 rows (千円), from the stage's entries.</summary>
    public IReadOnlyList<BookEntryRow> EntryRows { get; init; } = [];

    /// <summary>A 会計's printed 歳入 total (千円), 本年度 and 前年度: its 会計 row, or the sum of its derived rows.</summary>
    public (long Current, long Previous) RevenueTotal(string account)
    {
        var own = Revenue.Where(r => r.Account == account).ToList();
        var total = own.FirstOrDefault(r => r.Level == "会計");
        return total is not null ? (total.Current, total.Previous) : (own.Sum(r => r.Current), own.Sum(r => r.Previous));
    }

    /// <summary>第4表 地方債 with purposes and wording; the same limits as <see cref="Bonds"/>.</summary>
    public IReadOnlyList<BookBondRow> BondRows { get; init; } = [];
}

public sealed class BudgetBookService(BudgetDb db)
{
    private sealed record Leaf(int ProjectId, int SetsuId, long Amount);

    private sealed record Fund(int ProjectId, long Cost, long National, long Prefectural, long Bonds, long Other);

    public static readonly string[] RevenueHeaders = ["区分", "会計", "款", "項", "目", "本年度（千円）", "前年度（千円）", "比較（千円）"];

    public static readonly string[] ExpenditureHeaders =
    [
        "区分", "会計", "款", "項", "目", "本年度（千円）", "前年度（千円）", "比較（千円）", "国府支出金（千円）", "地方債（千円）", "その他特定財源（千円）", "一般財源（千円）",
        "節", "節の金額（千円）", "説明", "説明の金額（千円）",
    ];

    /// <summary>Builds the book from a closed stage; null when the stage has not been closed.</summary>
    public async Task<BudgetBook?> BuildAsync(int stageId, CancellationToken cancellationToken = default)
    {
        var stage = await db.Stages.AsNoTracking().FirstOrDefaultAsync(s => s.Id == stageId, cancellationToken);
        if (stage?.ClosedAtUtc is null)
        {
            return null;
        }

        var leaves = await db.StageAmounts.AsNoTracking().Where(a => a.StageId == stageId).Select(a => new Leaf(a.ProjectId, a.SetsuId, a.Amount)).ToListAsync(cancellationToken);
        var funds = await db.StageFundings.AsNoTracking().Where(a => a.StageId == stageId)
            .Select(f => new Fund(f.ProjectId, f.Cost, f.National, f.Prefectural, f.Bonds, f.OtherSpecific)).ToListAsync(cancellationToken);

        // 前年度 = the previous year's 確定 stage when it was closed, otherwise its 確定 requests' 査定額.
        var previousStage = await db.Stages.AsNoTracking().Where(s => s.Year == stage.Year - 1 && s.Kind == StageKind.Adopted && s.ClosedAtUtc != null).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
        List<Leaf> previousLeaves;
        List<Fund> previousFunds;
        string previousSource;
        if (previousStage is { } ps)
        {
            previousLeaves = await db.StageAmounts.AsNoTracking().Where(a => a.StageId == ps).Select(a => new Leaf(a.ProjectId, a.SetsuId, a.Amount)).ToListAsync(cancellationToken);
            previousFunds = await db.StageFundings.AsNoTracking().Where(a => a.StageId == ps).Select(f => new Fund(f.ProjectId, f.Cost, f.National, f.Prefectural, f.Bonds, f.OtherSpecific)).ToListAsync(cancellationToken);
            previousSource = $"{stage.Year - 1}年度 確定（段階の記録）";
        }
        else
        {
            var confirmed = db.Requests.AsNoTracking().Where(r => r.Year == stage.Year - 1 && r.Status == RequestStatus.Confirmed);
            previousLeaves = await (from l in db.Lines.AsNoTracking() join r in confirmed on l.RequestId equals r.Id
                                    group l by new { r.ProjectId, l.SetsuId } into g
                                    select new Leaf(g.Key.ProjectId, g.Key.SetsuId, g.Sum(x => x.AssessedAmount ?? 0))).ToListAsync(cancellationToken);
            previousFunds = await confirmed.Select(r => new Fund(r.ProjectId, r.Lines.Sum(l => l.AssessedAmount ?? 0), r.AssessedNationalFunds ?? 0, r.AssessedPrefecturalFunds ?? 0, r.AssessedBonds ?? 0, r.AssessedOtherSpecificFunds ?? 0))
                .ToListAsync(cancellationToken);
            previousSource = $"{stage.Year - 1}年度 確定した要求の査定額";
        }

        var projects = await db.Projects.AsNoTracking().Select(p => new { p.Id, p.Code, p.Name, p.AccountId, p.MokuId }).ToDictionaryAsync(p => p.Id, cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.Side == BudgetSide.Expenditure).ToDictionaryAsync(i => i.Id, cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);
        var setsus = await db.Setsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);

        var rows = new List<BookRow>();
        var revenue = new List<RevenueRow>();
        var bondsByKan = new List<(string Account, int KanId, string KanName, long Printed, long Yen, IReadOnlySet<int> Projects)>();
        foreach (var account in accounts)
        {
            var accountLeaves = leaves.Where(l => projects[l.ProjectId].AccountId == account.Id && l.Amount > 0)
                .Select(l => (Leaf: l, Moku: projects[l.ProjectId].MokuId)).ToList();
            var accountPrevious = previousLeaves.Where(l => projects[l.ProjectId].AccountId == account.Id).ToList();
            if (accountLeaves.Count == 0 && accountPrevious.Count == 0)
            {
                continue;
            }

            // Leaves: 目 × 節, rounded once for the whole 会計.
            var mokuSetsu = accountLeaves.GroupBy(x => (x.Moku, x.Leaf.SetsuId)).Select(g => (g.Key.Moku, g.Key.SetsuId, Yen: g.Sum(x => x.Leaf.Amount)))
                .OrderBy(x => items[x.Moku].Code, StringComparer.Ordinal).ThenBy(x => setsus[x.SetsuId].Number).ToList();
            var (leafThousands, _) = BudgetMath.ToThousandYen([.. mokuSetsu.Select(x => x.Yen)]);
            var current = new Dictionary<(int, int), long>();
            for (var i = 0; i < mokuSetsu.Count; i++)
            {
                current[(mokuSetsu[i].Moku, mokuSetsu[i].SetsuId)] = leafThousands[i];
            }

            var previousByMoku = accountPrevious.GroupBy(l => projects[l.ProjectId].MokuId).Select(g => (Moku: g.Key, Yen: g.Sum(l => l.Amount))).ToList();
            var (previousThousands, _) = BudgetMath.ToThousandYen([.. previousByMoku.Select(x => Math.Max(0, x.Yen))]);
            var previous = previousByMoku.Select((x, i) => (x.Moku, T: previousThousands[i])).ToDictionary(x => x.Moku, x => x.T);

            var mokuIds = current.Keys.Select(k => k.Item1).Concat(previous.Keys).Distinct().ToList();
            var mokuTotal = mokuIds.ToDictionary(m => m, m => current.Where(kv => kv.Key.Item1 == m).Sum(kv => kv.Value));
            var fundsByMoku = funds.Where(f => projects[f.ProjectId].AccountId == account.Id).GroupBy(f => projects[f.ProjectId].MokuId)
                .ToDictionary(g => g.Key, g => (NP: g.Sum(f => f.National + f.Prefectural), B: g.Sum(f => f.Bonds), O: g.Sum(f => f.Other), G: g.Sum(f => f.Cost - f.National - f.Prefectural - f.Bonds - f.Other)));
            var mokuFunding = mokuIds.ToDictionary(m => m, m =>
            {
                var f = fundsByMoku.GetValueOrDefault(m);
                return BudgetMath.Apportion([f.NP, f.B, f.O, f.G], mokuTotal[m]);
            });

            long Sum(IEnumerable<int> moku, Func<int, long> value) => moku.Sum(value);
            var name = account.Name;
            var accountMoku = mokuIds;
            rows.Add(Total("会計", name, "", "", "", accountMoku));
            foreach (var kan in accountMoku.GroupBy(m => Parent(Parent(m))).OrderBy(g => items[g.Key].Code, StringComparer.Ordinal))
            {
                rows.Add(Total("款", name, items[kan.Key].Name, "", "", kan));
                foreach (var kou in kan.GroupBy(Parent).OrderBy(g => items[g.Key].Code, StringComparer.Ordinal))
                {
                    rows.Add(Total("項", name, items[kan.Key].Name, items[kou.Key].Name, "", kou));
                    foreach (var moku in kou.OrderBy(m => items[m].Code, StringComparer.Ordinal))
                    {
                        var f = mokuFunding[moku];
                        var setsuRows = current.Where(kv => kv.Key.Item1 == moku && kv.Value > 0).OrderBy(kv => setsus[kv.Key.Item2].Number)
                            .Select(kv => ($"{setsus[kv.Key.Item2].Number.ToString(CultureInfo.InvariantCulture)} {setsus[kv.Key.Item2].Name}", kv.Value)).ToList();
                        var mokuProjects = accountLeaves.Where(x => x.Moku == moku).GroupBy(x => x.Leaf.ProjectId)
                            .Select(g => (Id: g.Key, Yen: g.Sum(x => x.Leaf.Amount))).OrderBy(x => projects[x.Id].Code, StringComparer.Ordinal).ToList();
                        var noteThousands = BudgetMath.Apportion([.. mokuProjects.Select(x => x.Yen)], mokuTotal[moku]);
                        var notes = mokuProjects.Select((x, i) => (projects[x.Id].Name + "（" + projects[x.Id].Code + "）", noteThousands[i])).ToList();
                        var cur = mokuTotal[moku];
                        var prev = previous.GetValueOrDefault(moku);
                        var lines = Math.Max(1, Math.Max(setsuRows.Count, notes.Count));
                        for (var i = 0; i < lines; i++)
                        {
                            var s = i < setsuRows.Count ? setsuRows[i] : default;
                            var n = i < notes.Count ? notes[i] : default;
                            rows.Add(i == 0
                                ? new BookRow("目", name, items[kan.Key].Name, items[kou.Key].Name, items[moku].Name, cur, prev, f[0], f[1], f[2], f[3],
                                    s.Item1, s.Item1 is null ? null : s.Item2, n.Item1, n.Item1 is null ? null : n.Item2)
                                : new BookRow("内訳", name, "", "", "", null, null, null, null, null, null, s.Item1, s.Item1 is null ? null : s.Item2, n.Item1, n.Item1 is null ? null : n.Item2));
                        }
                    }
                }
            }

            // 歳入 derived from 財源: the 目 财源 already printed, summed (so 歳入 = 歳出 in 千円 per 会計).
            var np = accountMoku.Sum(m => mokuFunding[m][0]);
            var totalFunds = funds.Where(f => projects[f.ProjectId].AccountId == account.Id).ToList();
            var split = BudgetMath.Apportion([totalFunds.Sum(f => f.National), totalFunds.Sum(f => f.Prefectural)], np);
            var prevFunds = previousFunds.Where(f => projects[f.ProjectId].AccountId == account.Id).ToList();
            var prevTotal = previous.Values.Sum();
            var prevParts = BudgetMath.Apportion([prevFunds.Sum(f => f.National), prevFunds.Sum(f => f.Prefectural), prevFunds.Sum(f => f.Bonds), prevFunds.Sum(f => f.Other),
                Math.Max(0, prevFunds.Sum(f => f.Cost - f.National - f.Prefectural - f.Bonds - f.Other))], prevTotal);
            var currentParts = new[] { split[0], split[1], accountMoku.Sum(m => mokuFunding[m][1]), accountMoku.Sum(m => mokuFunding[m][2]), accountMoku.Sum(m => mokuFunding[m][3]) };
            string[] kanNames = ["国庫支出金", "府支出金", "市債", "諸収入（その他特定財源）", "一般財源等"];
            for (var i = 0; i < kanNames.Length; i++)
            {
                if (currentParts[i] != 0 || prevParts[i] != 0)
                {
                    revenue.Add(new RevenueRow(name, kanNames[i], currentParts[i], prevParts[i]));
                }
            }

            foreach (var kan in accountMoku.GroupBy(m => Parent(Parent(m))).OrderBy(g => items[g.Key].Code, StringComparer.Ordinal))
            {
                var limit = kan.Sum(m => mokuFunding[m][1]);
                if (limit > 0)
                {
                    var kanMoku = kan.ToHashSet();
                    var kanProjects = funds.Where(f => projects[f.ProjectId].AccountId == account.Id && kanMoku.Contains(projects[f.ProjectId].MokuId)).ToList();
                    bondsByKan.Add((name, kan.Key, items[kan.Key].Name, limit, kanProjects.Sum(f => f.Bonds), kanProjects.Select(f => f.ProjectId).ToHashSet()));
                }
            }

            BookRow Total(string level, string acc, string kanName, string kouName, string mokuName, IEnumerable<int> moku)
            {
                var list = moku.ToList();
                return new BookRow(level, acc, kanName, kouName, mokuName, Sum(list, m => mokuTotal[m]), Sum(list, m => previous.GetValueOrDefault(m)),
                    Sum(list, m => mokuFunding[m][0]), Sum(list, m => mokuFunding[m][1]), Sum(list, m => mokuFunding[m][2]), Sum(list, m => mokuFunding[m][3]), null, null, null, null);
            }
        }

        // 歳入 from the 歳入 requests; the derivation above stays only for a 会計 that has none.
        var requested = await Revenue.RevenueBook.BuildAsync(db, stage, cancellationToken);
        var fromRequests = requested.Select(r => r.Account).ToHashSet(StringComparer.Ordinal);
        revenue = [.. accounts.SelectMany(a => fromRequests.Contains(a.Name) ? requested.Where(r => r.Account == a.Name) : revenue.Where(r => r.Account == a.Name))];
        var (entryRows, bondRows) = await BookEntryTables.BuildAsync(db, stageId, bondsByKan, cancellationToken);
        return new BudgetBook(stage.Year, StageService.Name(stage.Kind, stage.Round), previousSource, rows, revenue, [.. bondRows.Select(b => (b.Account, b.Purpose, b.Limit))])
        {
            EntryRows = entryRows,
            BondRows = bondRows,
        };

        int Parent(int id) => items[id].ParentId ?? id;
    }

    /// <summary>The book as an .xlsx workbook: 第1表, 第4表, 事項別明細書 総括・歳入・歳出.</summary>
    public static byte[] ToXlsx(BudgetBook book)
    {
        var title = $"{FiscalYearLabel(book.Year)}予算（{book.StageName}）";
        var writer = new XlsxWriter();

        var first = writer.AddSheet("第1表 歳入歳出予算");
        first.AddHeader("会計", "歳入歳出", "款", "項", "金額（千円）");
        foreach (var account in book.Expenditure.Where(r => r.Level == "会計"))
        {
            foreach (var r in book.Revenue.Where(r => r.Account == account.Account && r.Level is "項" or "財源"))
            {
                first.AddRow(r.Account, "歳入", r.Kan, r.Level == "項" ? r.Kou : r.Kan, new Yen(r.Current));
            }

            first.AddRow(account.Account, "歳入", "歳入合計", "", new Yen(book.RevenueTotal(account.Account).Current));
            foreach (var r in book.Expenditure.Where(r => r.Account == account.Account && r.Level == "項"))
            {
                first.AddRow(r.Account, "歳出", r.Kan, r.Kou, new Yen(r.Current ?? 0));
            }

            first.AddRow(account.Account, "歳出", "歳出合計", "", new Yen(account.Current ?? 0));
        }

        BookEntryTables.AddSheets(writer, book);

        var summary = writer.AddSheet("事項別明細書 総括");
        summary.AddHeader("会計", "歳入歳出", "本年度（千円）", "前年度（千円）", "比較（千円）");
        foreach (var account in book.Expenditure.Where(r => r.Level == "会計"))
        {
            var rev = book.RevenueTotal(account.Account);
            summary.AddRow(account.Account, "歳入", new Yen(rev.Current), new Yen(rev.Previous), new Yen(rev.Current - rev.Previous));
            summary.AddRow(account.Account, "歳出", new Yen(account.Current ?? 0), new Yen(account.Previous ?? 0), new Yen((account.Current ?? 0) - (account.Previous ?? 0)));
        }

        var accounts = book.Expenditure.Where(r => r.Level == "会計").ToList();
        summary.AddRow("全会計", "歳出合計", new Yen(accounts.Sum(a => a.Current ?? 0)), new Yen(accounts.Sum(a => a.Previous ?? 0)), new Yen(accounts.Sum(a => (a.Current ?? 0) - (a.Previous ?? 0))));
        summary.AddRow(title, $"前年度: {book.PreviousSource}", null, null, null);

        var revenueSheet = writer.AddSheet("事項別明細書 歳入");
        revenueSheet.AddHeader(RevenueHeaders);
        foreach (var r in book.Revenue)
        {
            revenueSheet.AddRow(r.Level, r.Account, r.Kan, r.Kou, r.Moku, new Yen(r.Current), new Yen(r.Previous), new Yen(r.Current - r.Previous));
        }

        var derived = book.Revenue.Where(r => r.Level == "財源").Select(r => r.Account).Distinct().ToList();
        if (derived.Count > 0)
        {
            revenueSheet.AddRow("注", string.Join("、", derived), $"区分「財源」の行は、歳入の要求がない会計の歳入を各事業の財源内訳から集計したものです（一般財源等は歳出から特定財源を除いた額）。", null, null, null, null, null);
        }

        var expenditure = writer.AddSheet("事項別明細書 歳出");
        expenditure.AddHeader(ExpenditureHeaders);
        foreach (var r in book.Expenditure)
        {
            expenditure.AddRow(r.Level, r.Account, r.Kan, r.Kou, r.Moku, Y(r.Current), Y(r.Previous), r.Current is { } c ? new Yen(c - (r.Previous ?? 0)) : null,
                Y(r.NationalPrefectural), Y(r.Bonds), Y(r.OtherSpecific), Y(r.General), r.Setsu, Y(r.SetsuAmount), r.Note, Y(r.NoteAmount));
        }

        return writer.ToArray();

        static object? Y(long? v) => v is { } x ? new Yen(x) : null;
    }

    /// <summary>The same book as an A4 landscape PDF (the integrator's PdfReport, bundled Japanese font), 千円.</summary>
    public static byte[] ToPdf(BudgetBook book)
    {
        static string T(long? v) => v is { } x ? new Yen(x).ToSankakuString() : "";
        var report = new PdfReport($"{FiscalYearLabel(book.Year)}予算（{book.StageName}）", PdfOrientation.Landscape) { Author = "大阪市 OsakaDx 予算編成" };
        report.Heading($"{FiscalYearLabel(book.Year)}（{book.Year.ToString(CultureInfo.InvariantCulture)}年度）予算書（{book.StageName}）");
        report.Paragraph($"金額の単位は千円。前年度: {book.PreviousSource}。千円未満は会計ごとに目・節（歳入は目）の単位で最大剰余法により丸め、上位の合計はその和（印刷した合計はすべて内訳の和と一致します）。歳入は歳入の要求から（歳入の要求がない会計だけ、各事業の財源内訳の集計）。");

        report.Heading("第1表 歳入歳出予算", 2);
        var first = new List<PdfRow>();
        foreach (var account in book.Expenditure.Where(r => r.Level == "会計"))
        {
            foreach (var r in book.Revenue.Where(r => r.Account == account.Account && r.Level is "項" or "財源"))
            {
                first.Add(PdfRow.Of(r.Account, "歳入", r.Level == "項" ? $"{r.Kan}　{r.Kou}" : r.Kan, T(r.Current)));
            }

            first.Add(PdfRow.Total(account.Account, "歳入", "歳入合計", T(book.RevenueTotal(account.Account).Current)));
            foreach (var r in book.Expenditure.Where(r => r.Account == account.Account && r.Level == "項"))
            {
                first.Add(PdfRow.Of(r.Account, "歳出", $"{r.Kan}　{r.Kou}", T(r.Current)));
            }

            first.Add(PdfRow.Total(account.Account, "歳出", "歳出合計", T(account.Current)));
        }

        report.Table([new("会計", 2), new("歳入歳出", 1), new("款・項", 4), new("金額（千円）", 2, PdfAlign.Right)], first);

        BookEntryTables.AddPdf(report, book);

        report.PageBreak();
        report.Heading("歳入歳出予算事項別明細書 総括", 2);
        report.Table([new("会計", 3), new("歳入歳出", 1), new("本年度", 2, PdfAlign.Right), new("前年度", 2, PdfAlign.Right), new("比較", 2, PdfAlign.Right)],
            book.Expenditure.Where(r => r.Level == "会計").SelectMany(a =>
            {
                var rev = book.RevenueTotal(a.Account);
                return new[]
                {
                    PdfRow.Of(a.Account, "歳入", T(rev.Current), T(rev.Previous), T(rev.Current - rev.Previous)),
                    PdfRow.Of(a.Account, "歳出", T(a.Current), T(a.Previous), T((a.Current ?? 0) - (a.Previous ?? 0))),
                };
            }));

        report.Heading("歳入歳出予算事項別明細書 歳入", 2);
        report.Table([new("会計・款・項・目", 6), new("本年度", 2, PdfAlign.Right), new("前年度", 2, PdfAlign.Right), new("比較", 2, PdfAlign.Right)],
            book.Revenue.Select(r =>
            {
                var name = r.Level switch { "会計" => r.Account, "款" => r.Kan, "項" => "　" + r.Kou, "目" => "　　" + r.Moku, _ => $"{r.Account} {r.Kan}（財源内訳から）" };
                string[] cells = [name, T(r.Current), T(r.Previous), T(r.Current - r.Previous)];
                return r.Level is "会計" or "款" or "項" ? PdfRow.Total(cells) : PdfRow.Of(cells);
            }));

        report.Heading("歳入歳出予算事項別明細書 歳出", 2);
        report.Table(
            [new("款・項・目", 4), new("本年度", 2, PdfAlign.Right), new("前年度", 2, PdfAlign.Right), new("比較", 2, PdfAlign.Right), new("国府支出金", 2, PdfAlign.Right),
             new("地方債", 2, PdfAlign.Right), new("その他", 2, PdfAlign.Right), new("一般財源", 2, PdfAlign.Right), new("節", 3), new("金額", 2, PdfAlign.Right), new("説明", 5), new("金額", 2, PdfAlign.Right)],
            book.Expenditure.Select(r =>
            {
                var name = r.Level switch { "会計" => r.Account, "款" => r.Kan, "項" => "　" + r.Kou, "目" => "　　" + r.Moku, _ => "" };
                string[] cells = [name, T(r.Current), T(r.Previous), r.Current is { } c ? T(c - (r.Previous ?? 0)) : "", T(r.NationalPrefectural), T(r.Bonds), T(r.OtherSpecific), T(r.General),
                    r.Setsu ?? "", T(r.SetsuAmount), r.Note ?? "", T(r.NoteAmount)];
                return r.Level is "会計" or "款" or "項" ? PdfRow.Total(cells) : PdfRow.Of(cells);
            }));
        return report.ToBytes();
    }

    private static string FiscalYearLabel(int year) => new FiscalYear(year).ToWarekiString();
}
