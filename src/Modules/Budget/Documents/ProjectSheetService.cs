// 予算事業別調書: one 事業's request for a year as an .xlsx, amounts by 節 and by 財源 in 千円
// (rounded with BudgetMath.ToThousandYen so that the printed rows add up to the printed total),
// then the 積算 lines in yen as the formula was entered.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Kernel;
using OsakaDx.Modules.Budget.Masters;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Documents;

public sealed record ProjectSheet(string FileName, byte[] Content);

public sealed class ProjectSheetService(BudgetDb db, RequestService requests)
{
    public const string SheetName = "予算事業別調書";

    public const string RoundingNote = "単位：千円。千円未満は、合計を四捨五入し、内訳は切り捨てた上で端数の大きい順に1千円ずつ配分（最大剰余法）。内訳の和は常に合計と一致します。";

    public async Task<ProjectSheet?> BuildAsync(int year, string projectCode, CancellationToken cancellationToken = default)
    {
        var requestId = await db.Requests.AsNoTracking().Where(r => r.Year == year && r.Project!.Code == projectCode).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (requestId is null)
        {
            return null;
        }

        var view = (await requests.LoadAsync(requestId.Value, cancellationToken))!;
        var request = view.Request;
        var project = view.Project;
        var setsus = await db.Setsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var account = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == project.AccountId, cancellationToken);
        var items = await db.Items.AsNoTracking().Where(i => i.AccountId == project.AccountId && i.Side == BudgetSide.Expenditure).ToDictionaryAsync(i => i.Id, cancellationToken);
        var path = new List<string>();
        for (int? id = project.MokuId; id is { } current && items.TryGetValue(current, out var node); id = node.ParentId)
        {
            path.Insert(0, node.Name);
        }

        var writer = new XlsxWriter();
        var sheet = writer.AddSheet(SheetName);
        sheet.AddRow(SheetName);
        sheet.AddRow("年度", FiscalYearText.Display(year));
        sheet.AddRow("事業コード", project.Code);
        sheet.AddRow("事業名", project.Name);
        sheet.AddRow("所属", view.OrgName);
        sheet.AddRow("会計", account.Name);
        sheet.AddRow("款・項・目", string.Join(" / ", path));
        sheet.AddRow("区分", $"{ProjectService.Name(project.Recurrence)}・{ProjectService.Name(project.Subsidy)}・{ProjectService.Name(project.Discretion)}");
        sheet.AddRow("状態", RequestService.StatusName(request.Status));
        sheet.AddRow("根拠法規", request.LegalBasis ?? "");
        sheet.AddRow("事業の目的・内容", request.Purpose ?? "");
        sheet.AddRow("単位", RoundingNote);
        sheet.AddRow();

        // By 節: every 節 with an amount this year or last year's 当初.
        var setsuIds = request.Lines.Select(l => l.SetsuId).Concat(view.PreviousBySetsu.Keys).Distinct()
            .OrderBy(id => setsus[id].FromYear).ThenBy(id => setsus[id].Number).ToList();
        var requested = setsuIds.Select(id => request.Lines.Where(l => l.SetsuId == id).Sum(l => l.Amount)).ToList();
        var assessed = setsuIds.Select(id => request.Lines.Where(l => l.SetsuId == id).Sum(l => l.AssessedAmount ?? 0)).ToList();
        var previous = setsuIds.Select(id => view.PreviousBySetsu.GetValueOrDefault(id)).ToList();
        var (req, reqTotal) = BudgetMath.ToThousandYen(requested);
        var (ass, assTotal) = BudgetMath.ToThousandYen(assessed);
        var (prev, prevTotal) = BudgetMath.ToThousandYen(previous);
        var hasAssessment = request.Status >= RequestStatus.Assessed;
        sheet.AddRow("節", "本年度要求額（千円）", "本年度査定額（千円）", "前年度当初（千円）", "比較：要求－前年度（千円）");
        for (var i = 0; i < setsuIds.Count; i++)
        {
            var s = setsus[setsuIds[i]];
            sheet.AddRow($"{s.Number}節 {s.Name}", req[i], hasAssessment ? ass[i] : null, prev[i], req[i] - prev[i]);
        }

        sheet.AddRow("合計", reqTotal, hasAssessment ? assTotal : null, prevTotal, reqTotal - prevTotal);
        sheet.AddRow();

        // By 財源: the four 特定財源 and 一般財源 add up to 事業費 in yen, so their 千円 add up to its 千円.
        var reqFunding = new Funding(request.NationalFunds, request.PrefecturalFunds, request.Bonds, request.OtherSpecificFunds);
        var (rf, rfTotal) = BudgetMath.ToThousandYen(FundingParts(reqFunding, view.Cost));
        long[]? af = null;
        long afTotal = 0;
        if (hasAssessment && view.AssessedCost is { } assessedCost)
        {
            var assessedFunding = new Funding(request.AssessedNationalFunds ?? 0, request.AssessedPrefecturalFunds ?? 0, request.AssessedBonds ?? 0, request.AssessedOtherSpecificFunds ?? 0);
            (af, afTotal) = BudgetMath.ToThousandYen(FundingParts(assessedFunding, assessedCost));
        }

        sheet.AddRow("財源内訳", "要求（千円）", "査定（千円）");
        for (var i = 0; i < 5; i++)
        {
            sheet.AddRow(Aggregation.PivotService.FundingKinds[i], rf[i], af?[i]);
        }

        sheet.AddRow("事業費計", rfTotal, af is null ? null : afTotal);
        sheet.AddRow();

        sheet.AddRow("積算内訳（円）");
        sheet.AddRow("節", "積算項目", "単価（円）", "数量", "回数", "金額（円）", "査定額（円）", "査定コメント");
        foreach (var line in request.Lines)
        {
            var s = setsus[line.SetsuId];
            sheet.AddRow($"{s.Number}節 {s.Name}", line.Item, new Yen(line.UnitPrice), line.Quantity, line.Times, new Yen(line.Amount),
                line.AssessedAmount is { } a ? new Yen(a) : null, line.AssessComment);
        }

        sheet.AddRow("積算計", null, null, null, null, new Yen(view.Cost), view.AssessedCost is { } ac ? new Yen(ac) : null);
        var name = $"予算事業別調書_{year.ToString(CultureInfo.InvariantCulture)}_{project.Code}.xlsx";
        return new ProjectSheet(name, writer.ToArray());
    }

    private static long[] FundingParts(Funding f, long cost) => [f.National, f.Prefectural, f.Bonds, f.OtherSpecific, Math.Max(0, f.GeneralFunds(cost))];
}
