using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Modules.Budget.Documents;
using OsakaDx.Modules.Budget.Requests;
using OsakaDx.Modules.Budget.Stages;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Budget.Tests;

/// <summary>A fact that runs only where LibreOffice (soffice) is installed; .ci/run installs it and sets
/// OSAKADX_REQUIRE_TOOLS=1, so there it is never skipped.</summary>
public sealed class SofficeFactAttribute : FactAttribute
{
    public SofficeFactAttribute()
    {
        if (BookTests.Soffice() is null && Environment.GetEnvironmentVariable("OSAKADX_REQUIRE_TOOLS") != "1")
        {
            Skip = "soffice（LibreOffice）がないため、LibreOffice で開く確認は行いません（apt-get install libreoffice-calc）。";
        }
    }
}

public sealed class BookTests
{
    private const int Year = BudgetHarness.Year;

    internal static string? Soffice() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "soffice")).FirstOrDefault(File.Exists);

    private static async Task<(byte[] Xlsx, long ExactYen, Dictionary<string, long> ExactByAccount)> BookAsync(BudgetHarness h)
    {
        return await h.WithAsync(async sp =>
        {
            var stage = (await sp.GetRequiredService<StageService>().FindAsync(Year, StageKind.Naiji, 0))!;
            var book = await sp.GetRequiredService<BudgetBookService>().BuildAsync(stage.Id);
            var db = sp.GetRequiredService<BudgetDb>();
            var exact = await (from a in db.StageAmounts where a.StageId == stage.Id join p in db.Projects on a.ProjectId equals p.Id
                               join acc in db.Accounts on p.AccountId equals acc.Id group a.Amount by acc.Name into g select new { g.Key, S = g.Sum() }).ToDictionaryAsync(x => x.Key, x => x.S);
            return (BudgetBookService.ToXlsx(book!), exact.Values.Sum(), exact);
        });
    }

    [Fact]
    public async Task The_detailed_statement_in_thousands_adds_up_at_every_level_and_matches_the_exact_total()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (xlsx, _, exactByAccount) = await BookAsync(h);
        Assert.Equal(["第1表 歳入歳出予算", "第2表 継続費", "第3表 債務負担行為", "第4表 地方債", "繰越明許費", "事項別明細書 総括", "事項別明細書 歳入", "事項別明細書 歳出"], XlsxSheets.Names(xlsx));

        var rows = XlsxSheets.Read(xlsx, "事項別明細書 歳出");
        Assert.Equal(BudgetBookService.ExpenditureHeaders, rows[0].OrderBy(c => c.Key.Length).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value));
        var body = rows.Skip(1).ToList();
        Assert.Contains(body, r => r["A"] == "目");
        var accounts = 0;
        for (var i = 0; i < body.Count; i++)
        {
            var row = body[i];
            // 財源内訳 adds up to 本年度 on every total row; 比較 = 本年度 − 前年度.
            if (row["A"] is "会計" or "款" or "項" or "目")
            {
                Assert.Equal(row.Num("F"), row.Num("I") + row.Num("J") + row.Num("K") + row.Num("L"));
                Assert.Equal(row.Num("F") - row.Num("G"), row.Num("H"));
            }

            // Each total is the sum of the rows one level below it, up to the next row of its level or above.
            var below = row["A"] switch { "会計" => "款", "款" => "項", "項" => "目", _ => null };
            if (below is not null)
            {
                string[] stop = row["A"] switch { "会計" => ["会計"], "款" => ["会計", "款"], _ => ["会計", "款", "項"] };
                var children = body.Skip(i + 1).TakeWhile(r => !stop.Contains(r["A"])).Where(r => r["A"] == below).ToList();
                Assert.NotEmpty(children);
                foreach (var column in new[] { "F", "G", "I", "J", "K", "L" })
                {
                    Assert.Equal(row.Num(column), children.Sum(c => c.Num(column)));
                }
            }

            if (row["A"] == "目")
            {
                // 節 and 説明 of the 目 (on its row and the 内訳 rows after it) add up to its 本年度.
                var block = body.Skip(i).TakeWhile((r, k) => k == 0 || r["A"] == "内訳").ToList();
                Assert.Equal(row.Num("F"), block.Sum(r => r.Num("N")));
                Assert.Equal(row.Num("F"), block.Sum(r => r.Num("P")));
            }

            if (row["A"] == "会計")
            {
                accounts++;
                // The 会計 total is its exact yen total rounded half up to 千円.
                Assert.Equal(new Yen(exactByAccount[row["B"]]).ToThousandYen(), row.Num("F"));
            }
        }

        Assert.Equal(exactByAccount.Count, accounts);

        // 第1表: per 会計 the 項 add up to the 歳出合計 and the 歳入 款・項 to the 歳入合計. This year's 内示 is not
        // balanced yet (the demo leaves a gap): 歳入合計 = 歳出合計 is checked on last year's 確定 below.
        var first = XlsxSheets.Read(xlsx, "第1表 歳入歳出予算").Skip(1).ToList();
        foreach (var account in first.Select(r => r["A"]).Distinct())
        {
            var own = first.Where(r => r["A"] == account).ToList();
            var revenue = own.Single(r => r["C"] == "歳入合計").Num("E");
            var expenditure = own.Single(r => r["C"] == "歳出合計").Num("E");
            Assert.Equal(expenditure, own.Where(r => r["B"] == "歳出" && r["C"] != "歳出合計").Sum(r => r.Num("E")));
            Assert.Equal(revenue, own.Where(r => r["B"] == "歳入" && r["C"] != "歳入合計").Sum(r => r.Num("E")));
        }

        AssertRevenueStatementAddsUp(xlsx);

        // 第4表: the 地方債 limits are the 市債 column of the statement, per 会計.
        var bonds = XlsxSheets.Read(xlsx, "第4表 地方債").Skip(1).ToList();
        foreach (var account in body.Where(r => r["A"] == "会計"))
        {
            Assert.Equal(account.Num("J"), bonds.Where(b => b["A"] == account["B"]).Sum(b => b.Num("C")));
        }
    }

    /// <summary>事項別明細書 歳入: every 会計・款・項 is the sum of the rows one level below; 比較 = 本年度 − 前年度; no derived rows.</summary>
    private static void AssertRevenueStatementAddsUp(byte[] xlsx)
    {
        var rows = XlsxSheets.Read(xlsx, "事項別明細書 歳入");
        Assert.Equal(BudgetBookService.RevenueHeaders, rows[0].OrderBy(c => c.Key.Length).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value));
        var body = rows.Skip(1).ToList();
        Assert.Contains(body, r => r["A"] == "目");
        Assert.DoesNotContain(body, r => r["A"] is "財源" or "注");
        for (var i = 0; i < body.Count; i++)
        {
            var row = body[i];
            Assert.Equal(row.Num("F") - row.Num("G"), row.Num("H"));
            var below = row["A"] switch { "会計" => "款", "款" => "項", "項" => "目", _ => null };
            if (below is not null)
            {
                string[] stop = row["A"] switch { "会計" => ["会計"], "款" => ["会計", "款"], _ => ["会計", "款", "項"] };
                var children = body.Skip(i + 1).TakeWhile(r => !stop.Contains(r["A"])).Where(r => r["A"] == below).ToList();
                Assert.NotEmpty(children);
                Assert.Equal(row.Num("F"), children.Sum(c => c.Num("F")));
                Assert.Equal(row.Num("G"), children.Sum(c => c.Num("G")));
            }
        }
    }

    [Fact]
    public async Task Last_years_adopted_book_prints_revenue_from_the_revenue_requests_equal_to_the_expenditure_in_every_account()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (xlsx, exactRevenue) = await h.WithAsync(async sp =>
        {
            var stage = (await sp.GetRequiredService<StageService>().FindAsync(Year - 1, StageKind.Adopted, 0))!;
            var book = await sp.GetRequiredService<BudgetBookService>().BuildAsync(stage.Id);
            var db = sp.GetRequiredService<BudgetDb>();
            var exact = await (from r in db.StageRevenues where r.StageId == stage.Id join a in db.Accounts on r.AccountId equals a.Id group r.Amount by a.Name into g select new { g.Key, S = g.Sum() })
                .ToDictionaryAsync(x => x.Key, x => x.S);
            return (BudgetBookService.ToXlsx(book!), exact);
        });

        AssertRevenueStatementAddsUp(xlsx);
        var statement = XlsxSheets.Read(xlsx, "事項別明細書 歳入").Skip(1).Where(r => r["A"] == "会計").ToList();
        Assert.Equal(exactRevenue.Keys.Order(), statement.Select(r => r["B"]).Order());
        foreach (var row in statement)
        {
            // The printed 会計 total is its exact yen 歳入 rounded half up to 千円.
            Assert.Equal(new Yen(exactRevenue[row["B"]]).ToThousandYen(), row.Num("F"));
        }

        Assert.Contains(XlsxSheets.Read(xlsx, "事項別明細書 歳入"), r => r.GetValueOrDefault("C") == "市税" && r.GetValueOrDefault("D") == "市民税");
        var first = XlsxSheets.Read(xlsx, "第1表 歳入歳出予算").Skip(1).ToList();
        Assert.NotEmpty(first);
        foreach (var account in first.Select(r => r["A"]).Distinct())
        {
            var own = first.Where(r => r["A"] == account).ToList();
            var revenue = own.Single(r => r["C"] == "歳入合計").Num("E");
            Assert.Equal(own.Single(r => r["C"] == "歳出合計").Num("E"), revenue);
            Assert.Equal(revenue, own.Where(r => r["B"] == "歳入" && r["C"] != "歳入合計").Sum(r => r.Num("E")));
            Assert.Equal(revenue, statement.Single(r => r["B"] == account).Num("F"));
        }

        var summary = XlsxSheets.Read(xlsx, "事項別明細書 総括").Skip(1).Where(r => r.GetValueOrDefault("B") is "歳入" or "歳出").ToList();
        foreach (var account in summary.Select(r => r["A"]).Distinct())
        {
            Assert.Equal(summary.Single(r => r["A"] == account && r["B"] == "歳出").Num("C"), summary.Single(r => r["A"] == account && r["B"] == "歳入").Num("C"));
        }
    }

    [Fact]
    public async Task The_previous_year_column_is_last_years_adopted_budget()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (xlsx, _, _) = await BookAsync(h);
        var previousExact = await h.WithAsync(async sp =>
        {
            var db = sp.GetRequiredService<BudgetDb>();
            var adopted = await db.Stages.Where(s => s.Year == Year - 1 && s.Kind == StageKind.Adopted).Select(s => s.Id).SingleAsync();
            return await (from a in db.StageAmounts where a.StageId == adopted join p in db.Projects on a.ProjectId equals p.Id
                          where p.AccountId == db.Accounts.Where(x => x.Kind == AccountKind.General).Select(x => x.Id).First() select a.Amount).SumAsync();
        });
        var general = XlsxSheets.Read(xlsx, "事項別明細書 歳出").Single(r => r.GetValueOrDefault("A") == "会計" && r["B"] == "一般会計");
        Assert.Equal(new Yen(previousExact).ToThousandYen(), general.Num("G"));
    }

    [Fact]
    public async Task The_book_is_also_a_pdf()
    {
        await using var h = await BudgetHarness.StartAsync();
        var pdf = await h.WithAsync(async sp =>
        {
            var stage = (await sp.GetRequiredService<StageService>().FindAsync(Year, StageKind.Naiji, 0))!;
            return BudgetBookService.ToPdf((await sp.GetRequiredService<BudgetBookService>().BuildAsync(stage.Id))!);
        });
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.True(pdf.Length > 10_000, $"{pdf.Length} bytes");
    }

    [Fact]
    public async Task A_stage_not_yet_closed_has_no_book()
    {
        await using var h = await BudgetHarness.StartAsync();
        var book = await h.WithAsync(async sp =>
        {
            var open = (await sp.GetRequiredService<StageService>().FindAsync(Year, StageKind.Adopted, 0))!;
            return await sp.GetRequiredService<BudgetBookService>().BuildAsync(open.Id);
        });
        Assert.Null(book);
    }

    /// <summary>One sheet (1-based) of the workbook as LibreOffice reads it, exported as CSV; a private profile so parallel runs do not share one.</summary>
    private static async Task<List<string[]>> SheetAsCsvAsync(string folder, string file, int sheet)
    {
        var outDir = Path.Combine(folder, "sheet" + sheet.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var start = new ProcessStartInfo(Soffice()!)
        {
            ArgumentList = { "-env:UserInstallation=file://" + Path.Combine(folder, "profile"), "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false," + sheet.ToString(System.Globalization.CultureInfo.InvariantCulture), "--outdir", outDir, file },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, output);
        var csv = Directory.GetFiles(outDir, "*.csv").Single();
        return [.. (await File.ReadAllLinesAsync(csv)).Select(l => l.Split(','))];
    }

    [SofficeFact]
    public async Task LibreOffice_opens_the_book_and_reads_the_same_totals()
    {
        await using var h = await BudgetHarness.StartAsync();
        var (xlsx, exact, _) = await BookAsync(h);
        var folder = Directory.CreateTempSubdirectory("osakadx-budget-soffice-").FullName;
        try
        {
            var file = Path.Combine(folder, "book.xlsx");
            await File.WriteAllBytesAsync(file, xlsx);
            var lines = await SheetAsCsvAsync(folder, file, 8);   // 事項別明細書 歳出
            Assert.Equal("区分", lines[0][0]);
            var accountRows = lines.Where(l => l[0] == "会計").ToList();
            Assert.NotEmpty(accountRows);
            var printed = accountRows.Sum(l => long.Parse(l[5], System.Globalization.CultureInfo.InvariantCulture));
            var mokuSum = lines.Where(l => l[0] == "目").Sum(l => long.Parse(l[5], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(printed, mokuSum);
            Assert.InRange(printed, (exact / 1000) - accountRows.Count, (exact / 1000) + accountRows.Count);

            // 第4表 as LibreOffice reads it: per 会計 the 限度額 add up to the 地方債 column (J) of the statement.
            var bonds = await SheetAsCsvAsync(folder, file, 4);
            Assert.Equal("起債の目的", bonds[0][1]);
            foreach (var account in accountRows)
            {
                Assert.Equal(long.Parse(account[9], System.Globalization.CultureInfo.InvariantCulture),
                    bonds.Skip(1).Where(b => b[0] == account[1]).Sum(b => long.Parse(b[2], System.Globalization.CultureInfo.InvariantCulture)));
            }

            // 事項別明細書 歳入 as LibreOffice reads it: per 会計 the 目 add up to the 会計 row, 本年度 and 前年度.
            var revenue = await SheetAsCsvAsync(folder, file, 7);
            Assert.Equal("区分", revenue[0][0]);
            var revenueAccounts = revenue.Where(l => l[0] == "会計").ToList();
            Assert.NotEmpty(revenueAccounts);
            foreach (var account in revenueAccounts)
            {
                foreach (var column in new[] { 5, 6 })
                {
                    Assert.Equal(long.Parse(account[column], System.Globalization.CultureInfo.InvariantCulture),
                        revenue.Where(l => l[0] == "目" && l[1] == account[1]).Sum(l => long.Parse(l[column], System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            // 第2表: each 継続費's 年割額 (H) add up to its 総額 (F).
            var continuing = await SheetAsCsvAsync(folder, file, 2);
            Assert.Equal("総額（千円）", continuing[0][5]);
            var groups = 0;
            long? total = null;
            long years = 0;
            foreach (var row in continuing.Skip(1).Append(["", "", "", "", "", "0"]))
            {
                if (row[5].Length > 0)
                {
                    if (total is { } t)
                    {
                        Assert.Equal(t, years);
                        groups++;
                    }

                    total = long.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture);
                    years = 0;
                }
                else
                {
                    years += long.Parse(row[7], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            Assert.True(groups > 0, "第2表 継続費 has no rows");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
