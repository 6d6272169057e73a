// The 歳入 side of a stage snapshot: written once in the closing transaction (one INSERT … SELECT), never updated.
// 要求 records the requested 本年度要求 of requests 提出 or later; every later stage the 査定額 of requests at
// 課長査定 or 確定 — the same rule as the 歳出 snapshot.
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using OsakaDx.Modules.Budget.Data;

namespace OsakaDx.Modules.Budget.Revenue;

internal static class RevenueSnapshot
{
    public static async Task WriteAsync(BudgetDb db, BudgetStage stage, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Table<T>() => sql.DelimitIdentifier(db.Model.FindEntityType(typeof(T))!.GetTableName()!, db.Model.FindEntityType(typeof(T))!.GetSchema());
        string C(string column) => sql.DelimitIdentifier(column);
        var requested = stage.Kind == StageKind.Request;
        var minStatus = ((int)(requested ? RequestStatus.Submitted : RequestStatus.Assessed)).ToString(CultureInfo.InvariantCulture);
        var amount = requested ? $"r.{C("Amount")}" : $"COALESCE(r.{C("AssessedAmount")}, 0)";
        var stageId = stage.Id.ToString(CultureInfo.InvariantCulture);
        var year = stage.Year.ToString(CultureInfo.InvariantCulture);
#pragma warning disable EF1002, EF1003 // identifiers from the EF model, integers formatted here: no user text reaches the SQL
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {Table<StageRevenue>()} ({C("StageId")}, {C("RevenueRequestId")}, {C("AccountId")}, {C("MokuId")}, {C("OrgUnitId")}, {C("ProjectId")}, {C("Amount")}) " +
            $"SELECT {stageId}, r.{C("Id")}, r.{C("AccountId")}, r.{C("MokuId")}, r.{C("OrgUnitId")}, r.{C("ProjectId")}, {amount} FROM {Table<RevenueRequest>()} r " +
            $"WHERE r.{C("Year")} = {year} AND r.{C("Status")} >= {minStatus}",
            cancellationToken);
#pragma warning restore EF1002, EF1003
    }
}
