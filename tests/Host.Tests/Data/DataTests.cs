using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Host.Tests.Infrastructure;
using OsakaDx.Platform.Audit;
using OsakaDx.Platform.Data;
using OsakaDx.Platform.Organization;

namespace OsakaDx.Host.Tests.Data;

/// <summary>Audit of data writes, optimistic concurrency and the org CSV import, through the host's own services; run on each database.</summary>
public abstract class DataTests(OsakaDxFactory factory)
{
    static DataTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    protected async Task Insert_update_delete_write_audit_rows_Async()
    {
        var code = "T-" + Guid.NewGuid().ToString("N")[..8];
        int id;
        using (AuditActor.Use("tester-id", "tester"))
        {
            id = await factory.WithDbAsync(async (db, _) =>
            {
                var unit = new OrgUnit { Code = code, Name = "監査試験課", Kind = OrgKind.Section, SortOrder = 5 };
                db.OrgUnits.Add(unit);
                await db.SaveChangesAsync();
                return unit.Id;
            });

            var version = await factory.WithDbAsync(async (db, _) =>
            {
                var unit = await db.OrgUnits.SingleAsync(o => o.Id == id);
                Assert.Equal(0, unit.Version);
                unit.Name = "監査試験第二課";
                await db.SaveChangesAsync();
                return unit.Version;
            });
            Assert.Equal(1, version);
            Assert.Equal(1, await factory.WithDbAsync((db, _) => db.OrgUnits.Where(o => o.Id == id).Select(o => o.Version).SingleAsync()));

            await factory.WithDbAsync(async (db, _) =>
            {
                db.OrgUnits.Remove(await db.OrgUnits.SingleAsync(o => o.Id == id));
                return await db.SaveChangesAsync();
            });
        }

        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var rows = await factory.WithDbAsync((db, _) => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(OrgUnit) && a.EntityId == key).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([AuditActions.Insert, AuditActions.Update, AuditActions.Delete], rows.Select(r => r.Action));
        Assert.All(rows, r =>
        {
            Assert.Equal(AuditCategories.Data, r.Category);
            Assert.Equal("platform", r.Module);
            Assert.Equal("tester", r.Actor);
            Assert.Equal("tester-id", r.UserId);
        });

        var (insert, update, delete) = (rows[0], rows[1], rows[2]);
        Assert.Null(insert.Before);
        var inserted = Json(insert.After);
        Assert.Equal(code, inserted.GetProperty("Code").GetString());
        Assert.Equal("監査試験課", inserted.GetProperty("Name").GetString());
        Assert.Equal(id, inserted.GetProperty("Id").GetInt32());

        var before = Json(update.Before);
        var after = Json(update.After);
        Assert.Equal("監査試験課", before.GetProperty("Name").GetString());
        Assert.Equal("監査試験第二課", after.GetProperty("Name").GetString());
        Assert.Equal(0, before.GetProperty("Version").GetInt64());
        Assert.Equal(1, after.GetProperty("Version").GetInt64());
        Assert.False(after.TryGetProperty("Code", out _), "an update row lists the changed fields (and the key) only");

        Assert.Null(delete.After);
        Assert.Equal("監査試験第二課", Json(delete.Before).GetProperty("Name").GetString());
    }

    protected async Task Second_writer_of_a_stale_row_gets_a_concurrency_exception_Async()
    {
        var code = "C-" + Guid.NewGuid().ToString("N")[..8];
        var id = await factory.WithDbAsync(async (db, _) =>
        {
            var unit = new OrgUnit { Code = code, Name = "同時更新課", Kind = OrgKind.Section };
            db.OrgUnits.Add(unit);
            await db.SaveChangesAsync();
            return unit.Id;
        });

        await using var first = factory.Services.CreateAsyncScope();
        await using var second = factory.Services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<PlatformDb>();
        var db2 = second.ServiceProvider.GetRequiredService<PlatformDb>();
        var mine = await db1.OrgUnits.SingleAsync(o => o.Id == id);
        var theirs = await db2.OrgUnits.SingleAsync(o => o.Id == id);

        mine.Name = "先に保存した名称";
        await db1.SaveChangesAsync();

        theirs.Name = "後から保存しようとした名称";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db2.SaveChangesAsync());

        var stored = await factory.WithDbAsync((db, _) => db.OrgUnits.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal("先に保存した名称", stored.Name);
        Assert.Equal(1, stored.Version);

        // The refused write left no audit row behind.
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var updates = await factory.WithDbAsync((db, _) => db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(OrgUnit) && a.EntityId == key && a.Action == AuditActions.Update).Select(a => a.After).ToListAsync());
        Assert.Equal("先に保存した名称", Json(Assert.Single(updates)).GetProperty("Name").GetString());
    }

    protected async Task Shift_jis_org_csv_imports_with_parents_and_is_idempotent_Async()
    {
        var prefix = "I" + Guid.NewGuid().ToString("N")[..6];
        var csv = $"""
            コード,名称,よみ,種別,上位コード,表示順,電話,有効
            {prefix},試験局,シケンキョク,局,,1,06-6208-0000,1
            {prefix}-1,試験部,しけんぶ,部,{prefix},1,,1
            {prefix}-1-1,試験課,しけんか,課,{prefix}-1,2,06-6208-1111,1
            {prefix}-1-2,髙﨑担当,たかさきたんとう,その他,{prefix}-1,3,,0
            """;
        var bytes = ShiftJis(csv);

        var first = await ImportAsync(bytes);
        Assert.True(first.Succeeded, string.Join(" / ", first.Errors));
        Assert.Equal(4, first.Inserted);
        Assert.Equal(0, first.Updated);

        var units = await factory.WithDbAsync((db, _) => db.OrgUnits.AsNoTracking().Where(o => o.Code.StartsWith(prefix)).ToDictionaryAsync(o => o.Code));
        Assert.Equal(4, units.Count);
        Assert.Null(units[prefix].ParentId);
        Assert.Equal(units[prefix].Id, units[prefix + "-1"].ParentId);
        Assert.Equal(units[prefix + "-1"].Id, units[prefix + "-1-1"].ParentId);
        Assert.Equal("しけんきょく", units[prefix].Kana);
        Assert.Equal(OrgKind.Bureau, units[prefix].Kind);
        Assert.Equal("06-6208-1111", units[prefix + "-1-1"].Phone);
        Assert.Equal("髙﨑担当", units[prefix + "-1-2"].Name);
        Assert.False(units[prefix + "-1-2"].IsActive);

        var auditBefore = await factory.WithDbAsync((db, _) => db.AuditEntries.CountAsync());
        var again = await ImportAsync(bytes);
        Assert.True(again.Succeeded, string.Join(" / ", again.Errors));
        Assert.Equal(0, again.Inserted);
        Assert.Equal(0, again.Updated);

        // Nothing was written the second time: same versions, no new audit rows.
        var after = await factory.WithDbAsync((db, _) => db.OrgUnits.AsNoTracking().Where(o => o.Code.StartsWith(prefix)).ToDictionaryAsync(o => o.Code));
        Assert.All(units, u => Assert.Equal(u.Value.Version, after[u.Key].Version));
        Assert.Equal(auditBefore, await factory.WithDbAsync((db, _) => db.AuditEntries.CountAsync()));
    }

    protected async Task Org_csv_with_bad_rows_writes_nothing_and_names_the_lines_Async()
    {
        var prefix = "X" + Guid.NewGuid().ToString("N")[..6];
        var csv = $"""
            コード,名称,よみ,種別,上位コード,表示順,電話,有効
            {prefix},正しい局,,局,,1,,1
            {prefix}-1,親のない課,,課,NO-SUCH-PARENT,1,,1
            {prefix}-2,種別の誤り,,係長,{prefix},2,,1
            """;
        var before = await factory.WithDbAsync((db, _) => db.OrgUnits.CountAsync());
        var auditBefore = await factory.WithDbAsync((db, _) => db.AuditEntries.CountAsync());

        var result = await ImportAsync(ShiftJis(csv));

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Inserted);
        Assert.Contains(result.Errors, e => e.StartsWith("3行目", StringComparison.Ordinal) && e.Contains("NO-SUCH-PARENT", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StartsWith("4行目", StringComparison.Ordinal) && e.Contains("種別", StringComparison.Ordinal) && e.Contains("係長", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.StartsWith("2行目", StringComparison.Ordinal));
        Assert.Equal(before, await factory.WithDbAsync((db, _) => db.OrgUnits.CountAsync()));
        Assert.False(await factory.WithDbAsync((db, _) => db.OrgUnits.AnyAsync(o => o.Code == prefix)));
        Assert.Equal(auditBefore, await factory.WithDbAsync((db, _) => db.AuditEntries.CountAsync()));
    }

    private Task<OrgImportResult> ImportAsync(byte[] bytes) => factory.WithDbAsync(async (_, sp) =>
    {
        using var actor = AuditActor.Use(null, "tests:import");
        using var stream = new MemoryStream(bytes);
        return await sp.GetRequiredService<OrgService>().ImportCsvAsync(stream);
    });

    private static byte[] ShiftJis(string text) =>
        Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetBytes(text.ReplaceLineEndings("\r\n") + "\r\n");

    private static JsonElement Json(string? json)
    {
        Assert.NotNull(json);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}

public sealed class SqliteDataTests(OsakaDxFactory factory) : DataTests(factory), IClassFixture<OsakaDxFactory>
{
    [Fact] public Task Insert_update_delete_write_audit_rows() => Insert_update_delete_write_audit_rows_Async();

    [Fact] public Task Second_writer_of_a_stale_row_gets_a_concurrency_exception() => Second_writer_of_a_stale_row_gets_a_concurrency_exception_Async();

    [Fact] public Task Shift_jis_org_csv_imports_with_parents_and_is_idempotent() => Shift_jis_org_csv_imports_with_parents_and_is_idempotent_Async();

    [Fact] public Task Org_csv_with_bad_rows_writes_nothing_and_names_the_lines() => Org_csv_with_bad_rows_writes_nothing_and_names_the_lines_Async();
}

public sealed class PostgresDataTests(PostgresOsakaDxFactory factory) : DataTests(factory), IClassFixture<PostgresOsakaDxFactory>
{
    [PostgresFact] public Task Insert_update_delete_write_audit_rows() => Insert_update_delete_write_audit_rows_Async();

    [PostgresFact] public Task Second_writer_of_a_stale_row_gets_a_concurrency_exception() => Second_writer_of_a_stale_row_gets_a_concurrency_exception_Async();

    [PostgresFact] public Task Shift_jis_org_csv_imports_with_parents_and_is_idempotent() => Shift_jis_org_csv_imports_with_parents_and_is_idempotent_Async();

    [PostgresFact] public Task Org_csv_with_bad_rows_writes_nothing_and_names_the_lines() => Org_csv_with_bad_rows_writes_nothing_and_names_the_lines_Async();
}
