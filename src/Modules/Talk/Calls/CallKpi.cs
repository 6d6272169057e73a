// The call dashboard's figures (seed section 09 KPI): calls per day by outcome, completion without
// staff, transfer rate, average duration, where callers give up or are transferred, and the number
// of services a caller can use by speech.
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;

namespace OsakaDx.Modules.Talk.Calls;

public sealed record DayCount(DateOnly Day, CallOutcome Outcome, int Calls);

public sealed record StepCount(string Step, int Calls, int Failures);

public sealed record CallKpiReport(
    DateOnly From,
    DateOnly To,
    int Calls,
    int CompletedWithoutStaff,
    int Transferred,
    int Abandoned,
    int CallbacksRequested,
    double AverageSeconds,
    IReadOnlyList<DayCount> PerDay,
    IReadOnlyList<StepCount> WhereCallersFail,
    int ServicesUsingSpeech,
    int SpeechTurns,
    int KeyTurns)
{
    public double CompletionRate => Calls == 0 ? 0 : (double)CompletedWithoutStaff / Calls;

    public double TransferRate => Calls == 0 ? 0 : (double)Transferred / Calls;
}

public static class CallKpi
{
    /// <summary>Calls (phone and softphone; the text chat with <paramref name="includeChat"/>) started on JST days From..To.</summary>
    public static async Task<CallKpiReport> ComputeAsync(TalkDb db, DateOnly from, DateOnly to, bool speechAvailable, bool includeChat, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var start = from.ToDateTime(TimeOnly.MinValue).AddHours(-9);
        var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue).AddHours(-9);
        var calls = await db.Calls.AsNoTracking()
            .Where(c => c.StartedAtUtc >= start && c.StartedAtUtc < end && (includeChat || c.Channel != "chat"))
            .Select(c => new { c.StartedAtUtc, c.EndedAtUtc, c.Outcome, c.LastStep, c.Failures, c.CallbackRequested, c.SpeechTurns, c.KeyTurns })
            .ToListAsync(ct);
        var completed = calls.Count(c => c.Outcome is CallOutcome.Booked or CallOutcome.Cancelled or CallOutcome.Checked);
        var perDay = calls
            .GroupBy(c => (Day: DateOnly.FromDateTime(c.StartedAtUtc.AddHours(9)), c.Outcome))
            .Select(g => new DayCount(g.Key.Day, g.Key.Outcome, g.Count()))
            .OrderBy(d => d.Day).ToList();
        var failing = calls
            .Where(c => c.Outcome is CallOutcome.Transferred or CallOutcome.Abandoned)
            .GroupBy(c => c.LastStep)
            .Select(g => new StepCount(g.Key, g.Count(), g.Sum(c => c.Failures)))
            .OrderByDescending(s => s.Calls).ToList();
        var services = speechAvailable ? await db.Services.CountAsync(s => s.Active, ct) : 0;
        return new CallKpiReport(
            from, to, calls.Count, completed,
            calls.Count(c => c.Outcome == CallOutcome.Transferred),
            calls.Count(c => c.Outcome == CallOutcome.Abandoned),
            calls.Count(c => c.CallbackRequested),
            calls.Count == 0 ? 0 : calls.Average(c => (c.EndedAtUtc - c.StartedAtUtc).TotalSeconds),
            perDay, failing, services,
            calls.Sum(c => c.SpeechTurns), calls.Sum(c => c.KeyTurns));
    }

    public static string OutcomeName(CallOutcome outcome) => outcome switch
    {
        CallOutcome.Booked => "予約",
        CallOutcome.Cancelled => "取り消し",
        CallOutcome.Checked => "確認",
        CallOutcome.Transferred => "職員へ転送",
        _ => "途中で終了",
    };

    public static string StepName(string step) => step switch
    {
        "Ward" => "区役所を聞く",
        "Date" => "日にちを聞く",
        "Time" => "時刻を聞く",
        "Name" => "お名前を聞く",
        "Phone" => "電話番号を聞く",
        "CallerId" => "発信番号の確認",
        "Topic" => "相談の種類を聞く",
        "Confirm" => "最後の確認",
        "Lookup" => "予約番号を聞く",
        "LookupPhone" => "予約の電話番号を聞く",
        "CancelConfirm" => "取り消しの確認",
        "Done" => "完了後",
        "Transferred" => "転送",
        "" => "最初の案内",
        _ => step,
    };
}
