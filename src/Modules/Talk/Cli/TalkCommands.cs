// ./osakadx talk parse-datetime "TEXT" --today YYYY-MM-DD [--json] | slots | book | cancel
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Dialogue;
using OsakaDx.Platform.Modules;

namespace OsakaDx.Modules.Talk.Cli;

internal static class TalkCommands
{
    public static Command Create(ModuleCommandContext context)
    {
        var root = new Command("talk", "トークでつながる行政サービス（相談予約・日付と時刻の聞き取り）");
        root.Subcommands.Add(ParseDateTime(context));
        root.Subcommands.Add(Slots(context));
        root.Subcommands.Add(Chat(context));
        root.Subcommands.Add(Demo(context));
        return root;
    }

    private static Command ParseDateTime(ModuleCommandContext context)
    {
        var text = new Argument<string>("TEXT") { Description = "話し言葉の日付・時刻（例: 来週の火曜日の午後2時半）" };
        var today = new Option<string?>("--today") { Description = "基準日 YYYY-MM-DD（既定: 日本時間の今日）" };
        var command = new Command("parse-datetime", "日本語の日付・時刻の言い方を、日付と時刻に直す（データベースは使わない）") { Arguments = { text }, Options = { today } };
        command.SetAction(parse =>
        {
            var baseDay = parse.GetValue(today) is { } t
                ? DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new InvalidOperationException($"--today「{t}」は YYYY-MM-DD で指定してください。")
                : DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
            var result = JapaneseDateTimeParser.Parse(parse.GetValue(text) ?? "", baseDay);
            if (parse.GetValue(context.JsonOption))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    date = result.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    time = result.Time?.ToString("HH:mm", CultureInfo.InvariantCulture),
                    afternoonAssumed = result.AfternoonAssumed,
                    normalized = result.Normalized,
                }, CliOutput.JsonOptions));
            }
            else if (result.IsEmpty)
            {
                Console.WriteLine("日付も時刻も聞き取れませんでした。");
                return 1;
            }
            else
            {
                var parts = new List<string>();
                if (result.Date is { } date)
                {
                    parts.Add(JapaneseFormat.Date(date));
                }

                if (result.Time is { } time)
                {
                    parts.Add(JapaneseFormat.Time(time) + (result.AfternoonAssumed ? "（午後と解釈）" : ""));
                }

                Console.WriteLine(string.Join(" ", parts));
            }

            return 0;
        });
        return command;
    }

    private static Command Chat(ModuleCommandContext context)
    {
        var command = new Command("chat", "予約の対話（文字）。標準入力の1行が利用者の発話1回、標準出力の1行が応答1回");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var dialogue = new BookingDialogue(
                session.Services.GetRequiredService<TalkDb>(), session.Services.GetRequiredService<ReservationService>(), session.Services.GetRequiredService<TimeProvider>(), "chat");
            Console.WriteLine(dialogue.Start());
            while (await Console.In.ReadLineAsync(ct) is { } line)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                Console.WriteLine(await dialogue.HandleAsync(line, ct));
                if (dialogue.State is DialogueState.Done or DialogueState.Transferred)
                {
                    break;
                }
            }

            return dialogue.State == DialogueState.Done ? 0 : 1;
        });
        return command;
    }

    /// <summary>A scripted caller books, checks and then cancels a consultation, printing both sides; keys go through the DTMF detector as audio.</summary>
    private static Command Demo(ModuleCommandContext context)
    {
        var command = new Command("demo", "電話の自動応答の見本: 決まった台本の利用者が予約・確認・取り消しをする（ボタンは音声のトーンで検出）");
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var sp = session.Services;
            var db = sp.GetRequiredService<TalkDb>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));
            var first = await db.Sessions.Include(s => s.Service).Where(s => s.Service!.Office == "平野区役所" && s.Date > today).OrderBy(s => s.Date).FirstOrDefaultAsync(ct)
                ?? throw new InvalidOperationException("平野区役所の相談日がありません（デモデータで起動してください）。");
            var reservations = sp.GetRequiredService<ReservationService>();

            // Keys are pressed as tones and found in the audio, as on a line that does not signal them.
            string Keys(string keys)
            {
                var found = new System.Text.StringBuilder();
                new Telephony.DtmfDetector().Process(Telephony.MuLaw.Decode(Telephony.MuLaw.Encode(Telephony.Signals.Keys(keys))), c => found.Append(c));
                return found.ToString();
            }

            async Task<BookingDialogue> RunAsync(string title, string? callerId, IEnumerable<(string Line, bool Keypad)> script)
            {
                Console.WriteLine($"── {title} ──");
                var dialogue = new BookingDialogue(db, reservations, clock, "phone") { CallerId = callerId };
                Console.WriteLine("窓口: " + dialogue.Start());
                foreach (var (line, keypad) in script)
                {
                    var input = keypad ? Keys(line) : line;
                    Console.WriteLine(keypad ? $"利用者: [ボタン {line} → 検出 {input}]" : "利用者: " + line);
                    Console.WriteLine("窓口: " + await dialogue.HandleAsync(input, ct));
                }

                return dialogue;
            }

            var booked = await RunAsync("予約（発信番号 06-6700-0001）", "0667000001",
            [
                ("平野区でお願いします", false), (first.Date.ToString("MMdd", CultureInfo.InvariantCulture), true), ("2時", false),
                ("ひらの たろうです", false), ("はい", false), ("相続のことです", false), ("1", true),
            ]);
            if (booked.Reference is not { } reference)
            {
                throw new InvalidOperationException("予約できませんでした（空きがない可能性があります）。");
            }

            await RunAsync("確認", null, [("確認したいです", false), (reference, true), ("ゼロろく の ろくななゼロゼロ の ゼロゼロゼロいち", false)]);
            await RunAsync("取り消し", "0667000001", [("9", true), (reference, true), ("1", true), ("はい", false)]);
            return 0;
        });
        return command;
    }

    private static Command Slots(ModuleCommandContext context)
    {
        var office = new Argument<string>("OFFICE") { Description = "区役所（例: 北区役所）" };
        var command = new Command("slots", "法律相談の空き枠（今後2週間）") { Arguments = { office } };
        command.SetAction(async (parse, ct) =>
        {
            await using var session = await context.StartAsync(parse, ct);
            var db = session.Services.GetRequiredService<TalkDb>();
            var name = parse.GetValue(office) ?? "";
            var service = await db.Services.FirstOrDefaultAsync(s => s.Kind == "legal" && s.Office == name, ct)
                ?? throw new InvalidOperationException($"「{name}」の法律相談はありません。");
            var today = DateOnly.FromDateTime(session.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddHours(9));
            var slots = await session.Services.GetRequiredService<ReservationService>().AvailabilityAsync(service.Id, today.AddDays(1), today.AddDays(14), ct);
            if (session.Json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(slots.Select(s => new { s.SessionId, date = s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start = s.Start.ToString("HH:mm", CultureInfo.InvariantCulture), s.Capacity, s.Free }), CliOutput.JsonOptions));
            }
            else
            {
                foreach (var s in slots)
                {
                    Console.WriteLine($"{JapaneseFormat.Date(s.Date)} {s.Start.ToString("HH:mm", CultureInfo.InvariantCulture)} 空き {s.Free}/{s.Capacity}");
                }
            }

            return 0;
        });
        return command;
    }
}
