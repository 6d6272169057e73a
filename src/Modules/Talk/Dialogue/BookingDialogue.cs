// The booking conversation in Japanese, one caller line in, one reply out. The same engine is
// meant to sit behind the phone (after speech recognition) and the text chat; this slice drives
// it from the text chat CLI and the tests. Slot filling: ward → date → time → name → phone →
// topic → read back → confirm → reference number read digit by digit.
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Reservations;

namespace OsakaDx.Modules.Talk.Dialogue;

public enum DialogueState
{
    Ward,
    Date,
    Time,
    Name,
    Phone,
    Topic,
    Confirm,
    Done,
    Transferred,
}

public sealed class BookingDialogue(TalkDb db, ReservationService reservations, TimeProvider clock, string channel = "chat")
{
    public const string CityContact = "市民局（06-6208-7321）";

    private ConsultationService? service;
    private ConsultationSession? session;
    private TimeOnly? time;
    private string name = "";
    private string phone = "";
    private string topic = "";
    private string lastPrompt = "";
    private int failures;

    public DialogueState State { get; private set; } = DialogueState.Ward;

    public string? Reference { get; private set; }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));

    public string Start() => Say("こちらは大阪市の区役所の無料法律相談の予約窓口です。どちらの区役所で相談されますか。たとえば「北区」のようにお答えください。");

    public async Task<string> HandleAsync(string utterance, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        var text = utterance.Normalize(NormalizationForm.FormKC).Trim();
        if (State is DialogueState.Done or DialogueState.Transferred)
        {
            return "お電話ありがとうございました。";
        }

        if (text.Contains("もう一度", StringComparison.Ordinal) || text.Contains("もういちど", StringComparison.Ordinal) || text is "え?" or "え")
        {
            return lastPrompt;
        }

        if (text == "0" || text.Contains("人と話", StringComparison.Ordinal) || text.Contains("オペレーター", StringComparison.Ordinal) || text.Contains("職員", StringComparison.Ordinal))
        {
            return Transfer();
        }

        return State switch
        {
            DialogueState.Ward => await WardAsync(text, ct),
            DialogueState.Date => await DateAsync(text, ct),
            DialogueState.Time => await TimeAsync(text, ct),
            DialogueState.Name => NameStep(text),
            DialogueState.Phone => PhoneStep(text),
            DialogueState.Topic => TopicStep(text),
            _ => await ConfirmAsync(text, ct),
        };
    }

    private async Task<string> WardAsync(string text, CancellationToken ct)
    {
        var offices = await db.Services.AsNoTracking().Where(s => s.Kind == "legal" && s.Active).ToListAsync(ct);
        var match = offices
            .Select(s => (Service: s, Ward: s.Office.Replace("役所", "", StringComparison.Ordinal)))
            .Where(p => text.Contains(p.Ward, StringComparison.Ordinal) || text.Contains(p.Ward.TrimEnd('区'), StringComparison.Ordinal))
            .OrderByDescending(p => p.Ward.Length)
            .FirstOrDefault();
        if (match.Service is null)
        {
            return Fail("区役所の名前がわかりませんでした。たとえば「北区」「平野区」のように区の名前でお答えください。");
        }

        service = match.Service;
        failures = 0;
        State = DialogueState.Date;
        return Say($"{service.Office}ですね。ご希望の日をお知らせください。たとえば「来週の火曜日」「12月3日」のようにお答えください。");
    }

    private async Task<string> DateAsync(string text, CancellationToken ct)
    {
        // Keypad: MMDD (1203 = 12月3日).
        if (text.Length == 4 && text.All(char.IsAsciiDigit))
        {
            text = string.Create(CultureInfo.InvariantCulture, $"{int.Parse(text[..2], CultureInfo.InvariantCulture)}月{int.Parse(text[2..], CultureInfo.InvariantCulture)}日");
        }

        var understood = JapaneseDateTimeParser.Parse(text, Today);
        if (understood.Date is not { } date)
        {
            return Fail("日にちがわかりませんでした。「明日」「来週の水曜日」「12月3日」のようにお答えください。");
        }

        var found = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.ServiceId == service!.Id && s.Date == date, ct);
        if (found is null || date <= Today)
        {
            var upcoming = await db.Sessions.AsNoTracking().Where(s => s.ServiceId == service!.Id && s.Date > Today).ToListAsync(ct);
            var next = upcoming.OrderBy(s => Math.Abs(s.Date.DayNumber - date.DayNumber)).Take(2).ToList();
            var reason = date <= Today ? "予約は前日までです。" : OfficeCalendar.ClosedReason(date) is { } r ? $"{JapaneseFormat.Date(date)}は{r}でお休みです。" : $"{JapaneseFormat.Date(date)}は{service!.Office}の法律相談の日ではありません。";
            return Fail(reason + (next.Count > 0 ? "近い相談日は " + string.Join("、", next.OrderBy(s => s.Date).Select(s => JapaneseFormat.Date(s.Date))) + " です。ご希望の日をお知らせください。" : "ほかの区役所をご検討ください。"));
        }

        session = found;
        failures = 0;
        State = DialogueState.Time;
        if (understood.Time is not null)
        {
            return await TimeAsync(text, ct);
        }

        return Say($"{JapaneseFormat.Date(date)}ですね。{await FreeTimesAsync(ct)}何時がよろしいですか。");
    }

    private async Task<string> TimeAsync(string text, CancellationToken ct)
    {
        var understood = JapaneseDateTimeParser.Parse(text, Today, session!.Start, session.End);
        if (understood.Date is { } date && date != session.Date)
        {
            // A correction: 「いや、水曜日」.
            State = DialogueState.Date;
            return await DateAsync(text, ct);
        }

        var free = (await reservations.AvailabilityAsync(session.ServiceId, session.Date, session.Date, ct)).Where(s => s.Free > 0).ToList();
        if (text.Length == 1 && char.IsAsciiDigit(text[0]) && text[0] != '0')
        {
            // Keypad: the number of a time in the list just read out.
            var index = text[0] - '1';
            if (index < free.Count)
            {
                understood = understood with { Time = free[index].Start };
            }
        }

        if (understood.Time is not { } wanted)
        {
            return Fail($"時刻がわかりませんでした。{await FreeTimesAsync(ct)}「午後2時」のようにお答えください。");
        }

        var slots = await reservations.AvailabilityAsync(session.ServiceId, session.Date, session.Date, ct);
        var slot = slots.FirstOrDefault(s => s.Start == wanted);
        if (slot is null || slot.Free == 0)
        {
            return Fail($"{JapaneseFormat.Time(wanted)}はご予約できません。{await FreeTimesAsync(ct)}");
        }

        time = wanted;
        failures = 0;
        State = DialogueState.Name;
        return Say($"{JapaneseFormat.Date(session.Date)}、{JapaneseFormat.Time(wanted)}ですね。お名前をふりがなでお願いします。");
    }

    private string NameStep(string text)
    {
        var cleaned = text.Replace("です", "", StringComparison.Ordinal).Replace("と申します", "", StringComparison.Ordinal).Trim();
        if (cleaned.Length is 0 or > 50)
        {
            return Fail("お名前をふりがなでお願いします。");
        }

        name = cleaned;
        failures = 0;
        State = DialogueState.Phone;
        return Say($"{name}様ですね。日中に連絡のつく電話番号をお願いします。");
    }

    private string PhoneStep(string text)
    {
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (digits.Length is < 10 or > 11 || digits[0] != '0')
        {
            return Fail("電話番号がわかりませんでした。市外局番から、数字でお願いします。");
        }

        phone = digits;
        failures = 0;
        State = DialogueState.Topic;
        return Say($"{ReadDigits(phone)}ですね。相談の種類は、{string.Join("、", ReservationService.Topics)}のどれですか。");
    }

    private string TopicStep(string text)
    {
        var found = ReservationService.Topics.FirstOrDefault(t => text.Contains(t, StringComparison.Ordinal));
        if (found is null)
        {
            return Fail($"相談の種類を、{string.Join("、", ReservationService.Topics)}の中からお選びください。");
        }

        topic = found;
        failures = 0;
        State = DialogueState.Confirm;
        return Say($"確認します。{service!.Office}、{JapaneseFormat.Date(session!.Date)}、{JapaneseFormat.Time(time!.Value)}、{name}様、電話番号 {ReadDigits(phone)}、{topic}のご相談。この内容で予約してよろしいですか。「はい」か「いいえ」、または1か2でお答えください。");
    }

    private async Task<string> ConfirmAsync(string text, CancellationToken ct)
    {
        switch (YesNo.Parse(text))
        {
            case Answer.Yes:
                var outcome = await reservations.BookAsync(new BookingRequest(session!.Id, time!.Value, name, phone, topic, channel), ct);
                if (outcome.Booking is not { } booking)
                {
                    State = DialogueState.Time;
                    return Say($"申し訳ありません。{outcome.Error} {await FreeTimesAsync(ct)}");
                }

                Reference = booking.Reference;
                State = DialogueState.Done;
                return Say($"ご予約を承りました。予約番号は {ReadDigits(booking.Reference)} です。もう一度申し上げます。{ReadDigits(booking.Reference)} です。当日は{service!.Office}の受付でお伝えください。");
            case Answer.No:
                var corrected = JapaneseDateTimeParser.Parse(text, Today);
                if (corrected.Date is not null)
                {
                    State = DialogueState.Date;
                    return await DateAsync(text, ct);
                }

                if (corrected.Time is not null)
                {
                    State = DialogueState.Time;
                    return await TimeAsync(text, ct);
                }

                State = DialogueState.Date;
                return Say("では、日にちからお聞きし直します。ご希望の日をお知らせください。");
            default:
                return Fail("「はい」か「いいえ」でお答えください。ボタンの場合は、はいは1、いいえは2を押してください。");
        }
    }

    private async Task<string> FreeTimesAsync(CancellationToken ct)
    {
        var slots = await reservations.AvailabilityAsync(session!.ServiceId, session.Date, session.Date, ct);
        var free = slots.Where(s => s.Free > 0).Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}番 {JapaneseFormat.Time(s.Start)}")).ToList();
        return free.Count == 0 ? "この日は満席です。ほかの日をお知らせください。" : $"空いているのは {string.Join("、", free)} です（番号でもお答えいただけます）。";
    }

    private string Fail(string message)
    {
        failures++;
        if (failures >= 3)
        {
            return Transfer();
        }

        // After two failures, offer the keypad.
        var keypad = failures < 2 ? "" : State switch
        {
            DialogueState.Date => "ボタンでも入力できます。12月3日なら 1 2 0 3 のように、月と日を4桁で押してください。",
            DialogueState.Time => "ボタンでも入力できます。時間の番号を押してください。",
            DialogueState.Confirm or DialogueState.Phone => "ボタンでも入力できます。",
            _ => "",
        };
        return Say(message + keypad);
    }

    private string Transfer()
    {
        State = DialogueState.Transferred;
        return Say($"担当の職員にご案内します。平日の昼間に{CityContact}または区役所の区民相談窓口へお電話ください。");
    }

    private string Say(string prompt)
    {
        lastPrompt = prompt;
        return prompt;
    }

    /// <summary>Digits one by one, as on the phone: 「0 6 の …」 would need grouping; here each digit is spaced.</summary>
    public static string ReadDigits(string digits) =>
        string.Join(" ", (digits ?? "").Where(char.IsAsciiDigit).Select(c => c.ToString(CultureInfo.InvariantCulture)));
}
