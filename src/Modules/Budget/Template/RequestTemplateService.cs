// The Excel request template (issue item 8): one 予算要求調書 as an .xlsx that staff fill offline and
// import. Layout (documented in the README):
//   sheet 「調書」: row 1 見出し (項目, 値), then one row per item — 事業コード, 年度, 版, 根拠法規,
//                   事業の目的・内容, 国庫支出金, 府支出金, 市債, その他特定財源 — the value in column B.
//                   Items are found by their label in column A, so rows may be moved.
//   sheet 「積算」: row 1 見出し 節番号, 細節, 積算項目, 単価, 数量, 回数・月数, 補助の出し手, 補助率; one
//                   row per line from row 2 (blank rows are skipped). 細節 by name within the 節;
//                   補助の出し手 「国」 or 「府」; 補助率 「1/2」.
// Import replaces the draft's header, 財源内訳 and every 積算 line through RequestService.SaveDraftAsync
// (same checks, all or nothing). 版 is the request's version when the template was made: if the request
// changed since, the import is refused (never silently merged); a blank 版 (the blank template) skips
// that check. Errors name the sheet and cell: 「積算シート D12: 単価が数値ではありません。」
// Fourth slice: sheets 「継続費」「債務負担行為」「繰越明許費」「地方債」 (TemplateEntrySheets.cs); a sheet
// present replaces the request's entries of its kind (a sheet left out leaves them), checked like the
// entries page, in the same transaction as the 積算. 「継続費等の版」 guards the entries like 版 does the
// request. A template for a 事業 with no request of the year is pre-filled from last year's request and,
// imported, creates the request (EnsureRequestAsync) before saving it, all in one transaction.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Platform.Files;
using OsakaDx.Platform.Text;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Template;

public sealed record TemplateImportResult(int RequestId, IReadOnlyList<string> Errors, bool Conflict = false)
{
    public bool Succeeded => Errors.Count == 0 && !Conflict;
}

public sealed class RequestTemplateService(BudgetDb db, RequestService requests)
{
    public const string HeaderSheet = "調書";
    public const string LinesSheet = "積算";
    public static readonly string[] LineHeaders = ["節番号", "細節", "積算項目", "単価", "数量", "回数・月数", "補助の出し手", "補助率"];
    private static readonly string[] FundLabels = ["国庫支出金", "府支出金", "市債", "その他特定財源"];

    /// <summary>The template for a request, pre-filled with its header, 財源内訳 and lines; null when the request does not exist.</summary>
    public async Task<byte[]?> ExportAsync(int requestId, CancellationToken cancellationToken = default)
    {
        var view = await requests.LoadAsync(requestId, cancellationToken);
        if (view is null)
        {
            return null;
        }

        var entries = await db.Entries.AsNoTracking().Where(e => e.RequestId == requestId).OrderBy(e => e.Kind).ThenBy(e => e.SortOrder).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return await BuildAsync(view.Project, view.Request, view.Request.Year, view.Request.Version, TemplateEntrySheets.Stamp(entries), entries, cancellationToken);
    }

    /// <summary>
    /// The template for a 事業 and year: the request's when it exists; otherwise one pre-filled from last year's request
    /// (積算, 財源内訳, 継続費・債務負担行為・地方債 — not 繰越明許費) with 版 blank, which creates the request when imported.
    /// Null when the 事業 does not exist.
    /// </summary>
    public async Task<byte[]?> ExportForProjectAsync(string projectCode, int year, CancellationToken cancellationToken = default)
    {
        var code = JapaneseText.Nfkc(projectCode).Trim();
        var project = await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
        if (project is null)
        {
            return null;
        }

        if (await db.Requests.Where(r => r.ProjectId == project.Id && r.Year == year).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
        {
            return await ExportAsync(existing, cancellationToken);
        }

        var previous = await db.Requests.AsNoTracking().Include(r => r.Lines).FirstOrDefaultAsync(r => r.ProjectId == project.Id && r.Year == year - 1, cancellationToken)
            ?? new BudgetRequest { ProjectId = project.Id, Year = year - 1 };
        previous.Lines.Sort((a, b) => a.SortOrder != b.SortOrder ? a.SortOrder.CompareTo(b.SortOrder) : a.Id.CompareTo(b.Id));
        var entries = previous.Id == 0 ? [] : await db.Entries.AsNoTracking().Where(e => e.RequestId == previous.Id && e.Kind != EntryKind.CarryOver)
            .OrderBy(e => e.Kind).ThenBy(e => e.SortOrder).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return await BuildAsync(project, previous, year, null, null, entries, cancellationToken);
    }

    private async Task<byte[]> BuildAsync(Project project, BudgetRequest r, int year, long? version, long? entriesStamp, IReadOnlyList<RequestEntry> entries, CancellationToken cancellationToken)
    {
        var setsus = await db.Setsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var subs = await db.SubSetsus.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var writer = new XlsxWriter();
        var header = writer.AddSheet(HeaderSheet);
        header.AddHeader("項目", "値", "説明");
        header.AddRow("事業コード", project.Code, project.Name);
        header.AddRow("年度", year, "西暦の年度");
        header.AddRow("版", version, version is null ? "新しい要求（前年度の数字から）。取り込むと調書を作成します" : "書き出した時点の調書の版。取込時に調書が更新されていれば取り込みません（空欄なら確認しません）");
        header.AddRow(TemplateEntrySheets.StampLabel, entriesStamp, "書き出した時点の継続費・債務負担行為などの版。取込時に更新されていれば取り込みません（空欄なら確認しません）");
        header.AddRow("根拠法規", r.LegalBasis, null);
        header.AddRow("事業の目的・内容", r.Purpose, null);
        header.AddRow("国庫支出金", r.NationalFunds, "円。積算に国の補助率があれば、その合計になります");
        header.AddRow("府支出金", r.PrefecturalFunds, "円。積算に府の補助率があれば、その合計になります");
        header.AddRow("市債", r.Bonds, "円");
        header.AddRow("その他特定財源", r.OtherSpecificFunds, "円");
        var lines = writer.AddSheet(LinesSheet);
        lines.AddHeader(LineHeaders);
        foreach (var l in r.Lines)
        {
            lines.AddRow(setsus[l.SetsuId].Number, l.SubSetsuId is { } sub && subs.TryGetValue(sub, out var s) ? s.Name : null, l.Item, l.UnitPrice, l.Quantity, l.Times,
                l.SubsidySource switch { SubsidySource.National => "国", SubsidySource.Prefectural => "府", _ => null },
                l.SubsidyNumerator is { } n && l.SubsidyDenominator is { } d ? $"{n.ToString(CultureInfo.InvariantCulture)}/{d.ToString(CultureInfo.InvariantCulture)}" : null);
        }

        TemplateEntrySheets.Write(writer, entries);
        return writer.ToArray();
    }

    /// <summary>Reads a filled template and saves it as the request's draft; every error names its sheet and cell, nothing is saved on error.</summary>
    public async Task<TemplateImportResult> ImportAsync(BudgetUser user, Stream xlsx, CancellationToken cancellationToken = default)
    {
        Dictionary<string, List<Dictionary<string, (string Text, string Cell)>>> sheets;
        try
        {
            sheets = Read(xlsx);
        }
        catch (Exception ex) when (ex is XlsxFormatException or IOException)
        {
            return new TemplateImportResult(0, ["Excel（.xlsx）のファイルとして読めません。予算要求テンプレートを使ってください。"]);
        }

        var errors = new List<string>();
        if (!sheets.TryGetValue(HeaderSheet, out var headerRows) || !sheets.TryGetValue(LinesSheet, out var lineRows))
        {
            return new TemplateImportResult(0, [$"予算要求テンプレートではありません（「{HeaderSheet}」と「{LinesSheet}」のシートが必要です）。"]);
        }

        (string Text, string Cell) Item(string label, bool optional = false)
        {
            var row = headerRows.FirstOrDefault(r => r.TryGetValue("A", out var a) && JapaneseText.Nfkc(a.Text).Trim() == label);
            if (row is null && optional)
            {
                return ("", "");
            }

            if (row is null)
            {
                errors.Add($"{HeaderSheet}シート: A列に「{label}」の行がありません。");
                return ("", "");
            }

            var cell = "B" + RowOf(row["A"].Cell);
            return row.TryGetValue("B", out var b) ? (b.Text.Trim(), b.Cell) : ("", cell);
        }

        long Number((string Text, string Cell) cell, string sheet, string label, bool blankIsZero = true)
        {
            if (cell.Text.Length == 0 && blankIsZero)
            {
                return 0;
            }

            if (OsakaDx.Platform.Kernel.Yen.TryParse(cell.Text, out var yen))
            {
                return yen.Value;
            }

            errors.Add($"{sheet}シート {cell.Cell}: {label}が数値ではありません（「{cell.Text}」）。");
            return 0;
        }

        var code = Item("事業コード");
        var yearCell = Item("年度");
        var versionCell = Item("版");
        var legal = Item("根拠法規");
        var purpose = Item("事業の目的・内容");
        var funds = FundLabels.Select(l => Number(Item(l), HeaderSheet, l)).ToArray();
        var year = (int)Number(yearCell, HeaderSheet, "年度", blankIsZero: false);
        long? version = versionCell.Text.Length == 0 ? null : Number(versionCell, HeaderSheet, "版");
        if (errors.Count > 0)
        {
            return new TemplateImportResult(0, errors);
        }

        var stampCell = Item(TemplateEntrySheets.StampLabel, optional: true);
        long? stamp = stampCell.Text.Length == 0 ? null : Number(stampCell, HeaderSheet, TemplateEntrySheets.StampLabel);
        var request = await db.Requests.AsNoTracking().Include(r => r.Project)
            .FirstOrDefaultAsync(r => r.Project!.Code == JapaneseText.Nfkc(code.Text) && r.Year == year, cancellationToken);
        var projectCode = JapaneseText.Nfkc(code.Text);
        if (request is null && !await db.Projects.AnyAsync(p => p.Code == projectCode, cancellationToken))
        {
            return new TemplateImportResult(0, [$"{HeaderSheet}シート {code.Cell}: 事業コード「{code.Text}」の予算事業はありません。"]);
        }

        if (request is null && version is not null)
        {
            return new TemplateImportResult(0, [$"{HeaderSheet}シート {code.Cell}: 事業コード「{code.Text}」の{year.ToString(CultureInfo.InvariantCulture)}年度の予算要求がありません（版のないテンプレートなら要求を作成して取り込みます）。"]);
        }

        var setsus = await db.Setsus.AsNoTracking().Where(s => s.FromYear <= year && (s.ToYear == null || s.ToYear >= year)).ToDictionaryAsync(s => s.Number, cancellationToken);
        var subs = await db.SubSetsus.AsNoTracking().Where(s => s.FromYear <= year && (s.ToYear == null || s.ToYear >= year)).ToListAsync(cancellationToken);
        var lines = new List<LineInput>();
        var lineCells = new List<string>();
        foreach (var row in lineRows.Skip(1))
        {
            var rowNo = RowOf(row.Values.First().Cell);
            (string Text, string Cell) C(string column) => row.TryGetValue(column, out var v) ? (v.Text.Trim(), v.Cell) : ("", column + rowNo);
            if (row.Values.All(v => string.IsNullOrWhiteSpace(v.Text)))
            {
                continue;
            }

            var before = errors.Count;
            var setsuCell = C("A");
            var setsuId = 0;
            if (!int.TryParse(JapaneseText.Nfkc(setsuCell.Text), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !setsus.TryGetValue(number, out var setsu))
            {
                errors.Add($"{LinesSheet}シート {setsuCell.Cell}: 節番号は{year.ToString(CultureInfo.InvariantCulture)}年度の節の番号（1～{setsus.Count.ToString(CultureInfo.InvariantCulture)}）で入力してください（「{setsuCell.Text}」）。");
            }
            else
            {
                setsuId = setsu.Id;
            }

            int? subId = null;
            var subCell = C("B");
            if (subCell.Text.Length > 0 && setsuId != 0)
            {
                var name = JapaneseText.Nfkc(subCell.Text);
                subId = subs.FirstOrDefault(s => s.SetsuId == setsuId && JapaneseText.Nfkc(s.Name) == name)?.Id;
                if (subId is null)
                {
                    errors.Add($"{LinesSheet}シート {subCell.Cell}: 細節「{subCell.Text}」はこの節にありません。");
                }
            }

            var item = C("C");
            var price = Number(C("D"), LinesSheet, "単価", blankIsZero: false);
            var quantityCell = C("E");
            var timesCell = C("F");
            var quantity = quantityCell.Text.Length == 0 ? 1 : Number(quantityCell, LinesSheet, "数量");
            var times = timesCell.Text.Length == 0 ? 1 : Number(timesCell, LinesSheet, "回数・月数");
            var sourceCell = C("G");
            var rateCell = C("H");
            SubsidySource? source = JapaneseText.Nfkc(sourceCell.Text) switch
            {
                "" => null,
                "国" => SubsidySource.National,
                "府" => SubsidySource.Prefectural,
                _ => (SubsidySource)0,
            };
            if (source == 0)
            {
                errors.Add($"{LinesSheet}シート {sourceCell.Cell}: 補助の出し手は「国」か「府」です（「{sourceCell.Text}」）。");
                source = null;
            }

            int? numerator = null, denominator = null;
            if (rateCell.Text.Length > 0)
            {
                if (SubsidyRate.TryParse(rateCell.Text, out var n, out var d))
                {
                    (numerator, denominator) = (n, d);
                }
                else
                {
                    errors.Add($"{LinesSheet}シート {rateCell.Cell}: 補助率は「1/2」のように分数で入力してください（「{rateCell.Text}」）。");
                }
            }

            if (errors.Count == before)
            {
                lines.Add(new LineInput(null, 0, setsuId, item.Text, price, quantity, times, false, subId, source, numerator, denominator));
                lineCells.Add(rowNo);
            }
        }

        var entryInputs = TemplateEntrySheets.Read(sheets, year, funds[2], errors);
        if (errors.Count > 0)
        {
            return new TemplateImportResult(request?.Id ?? 0, errors);
        }

        if (request is null)
        {
            return await CreateAndSaveAsync(user, projectCode, year, purpose.Text, legal.Text, funds, lines, lineCells, entryInputs, cancellationToken);
        }

        if (version is { } v && v != request.Version)
        {
            return new TemplateImportResult(request.Id, [$"{HeaderSheet}シート {versionCell.Cell}: この調書はテンプレートを書き出した後（版 {v.ToString(CultureInfo.InvariantCulture)}）に更新されています（現在の版 {request.Version.ToString(CultureInfo.InvariantCulture)}）。最新のテンプレートを書き出して入力し直してください。"], Conflict: true);
        }

        if (stamp is { } st && st != TemplateEntrySheets.Stamp(await db.Entries.AsNoTracking().Where(e => e.RequestId == request.Id).ToListAsync(cancellationToken)))
        {
            return new TemplateImportResult(request.Id, [$"{HeaderSheet}シート {stampCell.Cell}: 継続費・債務負担行為などがテンプレートを書き出した後に更新されています。最新のテンプレートを書き出して入力し直してください。"], Conflict: true);
        }

        var requestId = request.Id;
        var requestVersion = request.Version;
        return await InTransactionAsync(async () =>
            await SaveAsync(user, requestId, requestVersion, purpose.Text, legal.Text, funds, lines, lineCells, entryInputs, cancellationToken), cancellationToken);
    }

    private async Task<TemplateImportResult> CreateAndSaveAsync(BudgetUser user, string projectCode, int year, string purpose, string legal, long[] funds,
        List<LineInput> lines, List<string> lineCells, IReadOnlyDictionary<EntryKind, List<EntryInput>> entries, CancellationToken cancellationToken) =>
        await InTransactionAsync(async () =>
        {
            var id = 0;
            var created = await requests.EnsureRequestAsync(user, projectCode, year, x => id = x, cancellationToken);
            if (created.Forbidden is { } denied)
            {
                return new TemplateImportResult(0, [denied]);
            }

            if (!created.Succeeded)
            {
                return new TemplateImportResult(0, [.. created.Errors.Select(e => $"{HeaderSheet}シート: " + e.Message)]);
            }

            var version = await db.Requests.AsNoTracking().Where(r => r.Id == id).Select(r => r.Version).FirstAsync(cancellationToken);
            return await SaveAsync(user, id, version, purpose, legal, funds, lines, lineCells, entries, cancellationToken);
        }, cancellationToken);

    /// <summary>Runs the import's writes in one transaction: committed only when the result succeeded.</summary>
    private async Task<TemplateImportResult> InTransactionAsync(Func<Task<TemplateImportResult>> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work();
            if (result.Succeeded)
            {
                await transaction.CommitAsync(cancellationToken);
            }
            else
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            return result;
        });
    }

    private async Task<TemplateImportResult> SaveAsync(BudgetUser user, int requestId, long version, string purpose, string legal, long[] funds,
        List<LineInput> lines, List<string> lineCells, IReadOnlyDictionary<EntryKind, List<EntryInput>> entries, CancellationToken cancellationToken)
    {
        // The template is the whole 積算: every current line is replaced by the template's lines.
        var input = new DraftInput(version, purpose, legal, new Funding(funds[0], funds[1], funds[2], funds[3]), lines);
        var result = await requests.SaveDraftAsync(user, requestId, input, cancellationToken);
        if (result.Conflict)
        {
            return new TemplateImportResult(requestId, [RequestService.ConflictMessage], Conflict: true);
        }

        if (result.Forbidden is { } reason)
        {
            return new TemplateImportResult(requestId, [reason]);
        }

        if (!result.Succeeded)
        {
            // Service messages say 「n行目」 (the n-th line sent); map them to the template's rows.
            return new TemplateImportResult(requestId, [.. result.Errors.Select(e => ToCell(e, lineCells))]);
        }

        await TemplateEntrySheets.ReplaceAsync(db, requestId, entries, cancellationToken);
        return new TemplateImportResult(requestId, []);
    }

    private static string RowOf(string cellReference) => new([.. cellReference.SkipWhile(char.IsLetter)]);

    private static string ToCell(FieldError error, List<string> rows)
    {
        var message = error.Message;
        var at = message.IndexOf("行目", StringComparison.Ordinal);
        if (error.FieldId.StartsWith("line-", StringComparison.Ordinal) && at > 0 && int.TryParse(message[..at], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= rows.Count)
        {
            return $"{LinesSheet}シート {rows[n - 1]}行目" + message[(at + 2)..];
        }

        return error.FieldId.StartsWith("fund", StringComparison.Ordinal) ? $"{HeaderSheet}シート（財源内訳）: " + message : message;
    }

    /// <summary>Each sheet as rows of column letter → (text, cell reference), read by the platform's <see cref="XlsxReader"/>.</summary>
    internal static Dictionary<string, List<Dictionary<string, (string Text, string Cell)>>> Read(Stream xlsx)
    {
        var result = new Dictionary<string, List<Dictionary<string, (string, string)>>>(StringComparer.Ordinal);
        foreach (var sheet in XlsxReader.Read(xlsx).Sheets)
        {
            result[sheet.Name] = [.. sheet.Cells.GroupBy(c => c.Row).OrderBy(g => g.Key)
                .Select(g => g.ToDictionary(c => XlsxReader.ColumnName(c.Column), c => (c.Text, c.Reference), StringComparer.Ordinal))];
        }

        return result;
    }
}
