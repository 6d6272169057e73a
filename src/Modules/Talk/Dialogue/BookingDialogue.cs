// The booking conversation in Japanese, one caller line in, one reply out. The same engine sits
// behind the phone (after speech recognition or keys), the web chat and `talk chat`. Slot filling:
// ward → date → time → name (read back in kana) → phone (caller ID confirmed, or digits said one by
// one) → topic → read back → confirm → reference number read digit by digit. Also: checking,
// cancelling and changing a booking by its reference number and phone number; a keypad after
// two failures; staff (or a call-back outside staff hours) after three, on 「人と話したい」 or 0.
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Reservations;
using OsakaDx.Modules.Talk.Speech;

namespace OsakaDx.Modules.Talk.Dialogue;

public enum DialogueState
{
    Ward,
    Residency,
    Date,
    Time,
    Name,
    Phone,
    Topic,
    Confirm,
    CallerId,
    Lookup,
    LookupPhone,
    CancelConfirm,
    Done,
    Transferred,
}

public sealed partial class BookingDialogue(TalkDb db, ReservationService reservations, TimeProvider clock, string channel = "chat")
{
    public const string CityContact = "市民局（06-6208-7321）";

    private ConsultationService? service;
    private ConsultationSession? session;
    private TimeOnly? time;
    private string name = "";
    private string phone = "";
    private string topic = "";
    private string? residency;
    private string lastPrompt = "";
    private int failures;
    private string mode = "book";
    private string lookupReference = "";
    private Booking? existing;

    public DialogueState State { get; private set; } = DialogueState.Ward;

    public string? Reference { get; private set; }

    /// <summary>The caller's number as the carrier gave it (domestic form), for confirmation and call-backs.</summary>
    public string? CallerId { get; set; }

    /// <summary>False on a phone line without a recogniser: only keys can be understood.</summary>
    public bool SpeechAvailable { get; set; } = true;

    public string LastPrompt => lastPrompt;

    public string Step => State.ToString();

    public int TotalFailures { get; private set; }

    public bool CallbackRequested { get; private set; }

    public CallOutcome Outcome { get; private set; } = CallOutcome.Abandoned;

    /// <summary>Keys that complete an answer in this step (0: until #), for the phone's keypad collection.</summary>
    public int ExpectedKeys => State switch
    {
        DialogueState.Date => 4,
        DialogueState.Residency => 1,
        DialogueState.Lookup => 8,
        DialogueState.Phone or DialogueState.LookupPhone => 0,
        _ => 1,
    };

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(9));

    public string Start() => SpeechAvailable
        ? Say("こちらは大阪市の区役所の無料法律相談の予約窓口です。ご予約の確認は「確認」、取り消しは「取り消し」、変更は「変更」とお話しください。ボタンでは確認は8、取り消しは9です。新しいご予約は、どちらの区役所で相談されますか。たとえば「北区」のようにお答えください。")
        : Say("こちらは大阪市の区役所の無料法律相談の予約窓口です。この電話では音声を聞き取れないため、ボタンでお答えください。ご予約の確認は8、取り消しは9、新しいご予約や職員との相談は0を押してください。");

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

        if (State == DialogueState.Ward && (text is "8" or "9" || text.Contains("確認", StringComparison.Ordinal) || text.Contains("取り消", StringComparison.Ordinal) || text.Contains("取消", StringComparison.Ordinal) || text.Contains("キャンセル", StringComparison.Ordinal) || text.Contains("変更", StringComparison.Ordinal)))
        {
            mode = text == "8" || text.Contains("確認", StringComparison.Ordinal) ? "check" : text.Contains("変更", StringComparison.Ordinal) ? "change" : "cancel";
            State = DialogueState.Lookup;
            failures = 0;
            return Say("予約番号8桁を、1桁ずつお話しください。ボタンでも入力できます。");
        }

        if (text == "0" || text.Contains("人と話", StringComparison.Ordinal) || text.Contains("オペレーター", StringComparison.Ordinal) || text.Contains("職員", StringComparison.Ordinal))
        {
            return Transfer();
        }

        return State switch
        {
            DialogueState.Ward => await WardAsync(text, ct),
            DialogueState.Residency => ResidencyStep(text),
            DialogueState.Date => await DateAsync(text, ct),
            DialogueState.Time => await TimeAsync(text, ct),
            DialogueState.Name => await NameStepAsync(text, ct),
            DialogueState.Phone => await PhoneStepAsync(text, ct),
            DialogueState.CallerId => await CallerIdStepAsync(text, ct),
            DialogueState.Topic => TopicStep(text),
            DialogueState.Lookup => LookupStep(text),
            DialogueState.LookupPhone => await LookupPhoneAsync(text, ct),
            DialogueState.CancelConfirm => await CancelConfirmAsync(text, ct),
            _ => await ConfirmAsync(text, ct),
        };
    }

    private async Task<string> WardAsync(string text, CancellationToken ct)
    {
        var offices = await reservations.ActiveServicesAsync();
        var match = offices.Where(s => s.Kind == "legal")
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
        if (service.Residency.Length > 0)
        {
            State = DialogueState.Residency;
            return Say($"{service.Office}ですね。{Reservations.Residency.Question(service)}");
        }

        State = DialogueState.Date;
        return Say($"{service.Office}ですね。{DateQuestion()}");
    }

    private string DateQuestion() =>
        $"ご希望の日をお知らせください。予約は{BookingWindow.Describe(service!)}です。たとえば「来週の火曜日」「12月3日」のようにお答えください。";

    private string ResidencyStep(string text)
    {
        var stated = Reservations.Residency.Parse(text, service!.AllowCommuters);
        if (stated is null)
        {
            return Fail(Reservations.Residency.Question(service));
        }

        if (Reservations.Residency.Refusal(service, stated) is { } refusal)
        {
            State = DialogueState.Done;
            return Say(refusal + $"ほかのご相談先は、{CityContact}へお問い合わせください。お電話ありがとうございました。");
        }

        residency = stated;
        failures = 0;
        State = DialogueState.Date;
        return Say($"ありがとうございます。{DateQuestion()}");
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

        var sessions = await reservations.UpcomingSessionsAsync(service!.Id);
        var found = date <= Today ? null : sessions.FirstOrDefault(s => s.Date == date);
        var windowRefusal = found is null ? null : BookingWindow.Refusal(service!, date, ReservationService.SlotStarts(found).LastOrDefault(), clock.GetUtcNow());
        if (found is null || date <= Today || found.ClosedReason is not null || windowRefusal is not null)
        {
            var first = BookingWindow.FirstBookableDate(service!, Today);
            var last = BookingWindow.LastBookableDate(service!, Today);
            var upcoming = sessions.Where(s => s.Date > Today && s.Date >= first && s.Date <= last && s.ClosedReason == null).ToList();
            var next = upcoming.OrderBy(s => Math.Abs(s.Date.DayNumber - date.DayNumber)).Take(2).ToList();
            var reason = date <= Today ? $"予約は{BookingWindow.Closes(service!)}です。"
                : OfficeCalendar.ClosedReason(date) is { } r ? $"{JapaneseFormat.Date(date)}は{r}でお休みです。"
                : found?.ClosedReason is { } called ? $"{JapaneseFormat.Date(date)}の相談は中止になりました（{called}）。"
                : windowRefusal is not null ? windowRefusal
                : $"{JapaneseFormat.Date(date)}は{service!.Office}の法律相談の日ではありません。";
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

        var free = (await reservations.BookableAsync(service!, session.Date, session.Date, ct)).ToList();
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

        var slot = free.FirstOrDefault(s => s.Start == wanted);
        if (slot is null)
        {
            return Fail($"{JapaneseFormat.Time(wanted)}はご予約できません。{await FreeTimesAsync(ct)}");
        }

        time = wanted;
        failures = 0;
        if (existing is not null)
        {
            // A change: name, phone and topic come from the booking being replaced.
            State = DialogueState.Confirm;
            return Say($"{JapaneseFormat.Date(session.Date)}、{JapaneseFormat.Time(wanted)}ですね。" + ReadBack());
        }

        State = DialogueState.Name;
        return Say($"{JapaneseFormat.Date(session.Date)}、{JapaneseFormat.Time(wanted)}ですね。お名前をふりがなでお願いします。");
    }

    private async Task<string> NameStepAsync(string text, CancellationToken ct)
    {
        var cleaned = text.Replace("です", "", StringComparison.Ordinal).Replace("と申します", "", StringComparison.Ordinal).Replace("といいます", "", StringComparison.Ordinal).Trim();
        if (cleaned.Length is 0 or > 50 || cleaned.All(char.IsAsciiDigit))
        {
            return Fail("お名前をふりがなでお願いします。");
        }

        // Names said in kanji (a recogniser writes 山田花子) are read back in kana when MeCab is there.
        name = await SpeechTools.NameInKanaAsync(cleaned, ct);
        failures = 0;
        if (CallerId is { } caller)
        {
            State = DialogueState.CallerId;
            return Say($"{name}様ですね。お電話番号は {ReadDigits(caller)} でよろしいですか。「はい」か「いいえ」、または1か2でお答えください。");
        }

        State = DialogueState.Phone;
        return Say($"{name}様ですね。日中に連絡のつく電話番号をお願いします。ボタンの場合は、最後に#を押してください。");
    }

    private async Task<string> CallerIdStepAsync(string text, CancellationToken ct)
    {
        switch (YesNo.Parse(text))
        {
            case Answer.Yes:
                phone = CallerId!;
                failures = 0;
                if (await AlreadyThisYearAsync(ct) is { } held)
                {
                    return held;
                }

                State = DialogueState.Topic;
                return Say($"ありがとうございます。{TopicQuestion()}");
            case Answer.No:
                State = DialogueState.Phone;
                failures = 0;
                return Say("では、日中に連絡のつく電話番号をお願いします。ボタンの場合は、最後に#を押してください。");
            default:
                return SpokenDigits.Parse(text) is { Length: >= 10 } ? await PhoneStepAsync(text, ct) : Fail("「はい」か「いいえ」でお答えください。ボタンの場合は、はいは1、いいえは2を押してください。");
        }
    }

    private async Task<string> PhoneStepAsync(string text, CancellationToken ct)
    {
        var digits = SpokenDigits.Parse(text) ?? "";
        if (digits.Length is < 10 or > 11 || digits[0] != '0')
        {
            return Fail("電話番号がわかりませんでした。市外局番から、1桁ずつお願いします。ボタンの場合は、最後に#を押してください。");
        }

        phone = digits;
        failures = 0;
        if (await AlreadyThisYearAsync(ct) is { } held)
        {
            return held;
        }

        State = DialogueState.Topic;
        return Say($"{ReadDigits(phone)}ですね。{TopicQuestion()}");
    }

    /// <summary>Once name and phone are known: a service allowing one booking a year refuses now, not after every question.</summary>
    private async Task<string?> AlreadyThisYearAsync(CancellationToken ct)
    {
        if (service is not { OncePerFiscalYear: true } || session is null)
        {
            return null;
        }

        var refusal = await reservations.AlreadyThisYearAsync(service, session.Date, Person.Key(name, phone), existing?.Reference, ct);
        if (refusal is null)
        {
            return null;
        }

        State = DialogueState.Done;
        return Say(refusal + "お電話ありがとうございました。");
    }

    private static string TopicQuestion() =>
        "相談の種類は、" + string.Join("、", ReservationService.Topics.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}番 {t}"))) + " のどれですか。";

    private string TopicStep(string text)
    {
        var found = ReservationService.Topics.FirstOrDefault(t => text.Contains(t, StringComparison.Ordinal));
        if (found is null && text.Length == 1 && text[0] is >= '1' and <= '6')
        {
            found = ReservationService.Topics[text[0] - '1'];
        }

        if (found is null)
        {
            return Fail($"相談の種類を、{string.Join("、", ReservationService.Topics)}の中からお選びください。番号でもお答えいただけます。");
        }

        topic = found;
        failures = 0;
        State = DialogueState.Confirm;
        return Say(ReadBack());
    }

    private string ReadBack() =>
        $"確認します。{service!.Office}、{JapaneseFormat.Date(session!.Date)}、{JapaneseFormat.Time(time!.Value)}、{name}様、電話番号 {ReadDigits(phone)}、{topic}のご相談。" +
        (existing is null ? "" : $"今のご予約（{JapaneseFormat.Date(existing.Session!.Date)}、{JapaneseFormat.Time(existing.SlotStart)}）は取り消します。") +
        "この内容で予約してよろしいですか。「はい」か「いいえ」、または1か2でお答えください。";

    private string LookupStep(string text)
    {
        var digits = SpokenDigits.Parse(text);
        if (digits is not { Length: 8 })
        {
            return Fail("予約番号がわかりませんでした。8桁の番号を1桁ずつお願いします。");
        }

        lookupReference = digits;
        failures = 0;
        State = DialogueState.LookupPhone;
        return CallerId is null
            ? Say($"予約番号 {ReadDigits(digits)} ですね。ご予約の時にお知らせいただいた電話番号をお願いします。ボタンの場合は、最後に#を押してください。")
            : Say($"予約番号 {ReadDigits(digits)} ですね。ご予約の時の電話番号が、今おかけの番号と同じなら1を、違うときはその電話番号をお願いします。");
    }

    private async Task<string> LookupPhoneAsync(string text, CancellationToken ct)
    {
        var given = text == "1" && CallerId is not null ? CallerId : SpokenDigits.Parse(text) ?? "";
        var booking = await reservations.FindAsync(lookupReference, ct);
        if (booking is null || booking.Status != BookingStatus.Booked || new string([.. booking.Phone.Where(char.IsAsciiDigit)]) != given)
        {
            State = DialogueState.Lookup;
            return Fail("予約番号と電話番号が一致するご予約が見つかりませんでした。もう一度、予約番号を1桁ずつお願いします。");
        }

        failures = 0;
        var what = $"{booking.Session!.Service!.Office}、{JapaneseFormat.Date(booking.Session.Date)}、{JapaneseFormat.Time(booking.SlotStart)}、{booking.NameKana}様のご予約があります。";
        switch (mode)
        {
            case "check":
                State = DialogueState.Done;
                Outcome = CallOutcome.Checked;
                Reference = booking.Reference;
                return Say(what + "当日は受付で予約番号をお伝えください。お電話ありがとうございました。");
            case "change":
                existing = booking;
                service = booking.Session.Service;
                name = booking.NameKana;
                phone = new string([.. booking.Phone.Where(char.IsAsciiDigit)]);
                topic = booking.Topic;
                State = DialogueState.Date;
                return Say(what + "新しいご希望の日をお知らせください。");
            default:
                existing = booking;
                State = DialogueState.CancelConfirm;
                return Say(what + "このご予約を取り消してよろしいですか。「はい」か「いいえ」、または1か2でお答えください。");
        }
    }

    private async Task<string> CancelConfirmAsync(string text, CancellationToken ct)
    {
        switch (YesNo.Parse(text))
        {
            case Answer.Yes:
                var error = await reservations.CancelAsync(existing!.Reference, existing.Phone, ct);
                if (error is not null)
                {
                    State = DialogueState.Done;
                    return Say(error);
                }

                State = DialogueState.Done;
                Outcome = CallOutcome.Cancelled;
                Reference = existing.Reference;
                return Say("ご予約を取り消しました。お電話ありがとうございました。");
            case Answer.No:
                State = DialogueState.Done;
                Outcome = CallOutcome.Checked;
                return Say("ご予約はそのままです。お電話ありがとうございました。");
            default:
                return Fail("「はい」か「いいえ」でお答えください。ボタンの場合は、はいは1、いいえは2を押してください。");
        }
    }

    private async Task<string> ConfirmAsync(string text, CancellationToken ct)
    {
        switch (YesNo.Parse(text))
        {
            case Answer.Yes:
                var outcome = await reservations.BookAsync(new BookingRequest(session!.Id, time!.Value, name, phone, topic, channel, existing?.Residency ?? residency, existing?.Reference), ct);
                if (outcome.Booking is not { } booking)
                {
                    State = DialogueState.Time;
                    return Say($"申し訳ありません。{outcome.Error} {await FreeTimesAsync(ct)}");
                }

                Reference = booking.Reference;
                State = DialogueState.Done;
                Outcome = CallOutcome.Booked;
                if (existing is not null)
                {
                    // The change is complete only once the new seat is held: now free the old one.
                    await reservations.CancelAsync(existing.Reference, existing.Phone, ct);
                }

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
        var slots = await reservations.BookableAsync(service!, session!.Date, session.Date, ct);
        var free = slots.Select((s, i) => string.Create(CultureInfo.InvariantCulture, $"{i + 1}番 {JapaneseFormat.Time(s.Start)}")).ToList();
        return free.Count == 0 ? "この日は満席です。ほかの日をお知らせください。" : $"空いているのは {string.Join("、", free)} です（番号でもお答えいただけます）。";
    }

    private string Fail(string message)
    {
        failures++;
        TotalFailures++;
        if (failures >= 3)
        {
            return Transfer();
        }

        // After two failures, offer the keypad.
        var keypad = failures < 2 ? "" : State switch
        {
            DialogueState.Date => "ボタンでも入力できます。12月3日なら 1 2 0 3 のように、月と日を4桁で押してください。",
            DialogueState.Time => "ボタンでも入力できます。時間の番号を押してください。",
            DialogueState.Confirm or DialogueState.CallerId or DialogueState.CancelConfirm => "ボタンでも入力できます。はいは1、いいえは2です。",
            DialogueState.Residency => service!.AllowCommuters ? "ボタンでも入力できます。お住まいは1、お勤めか通学は2、どちらでもなければ3です。" : "ボタンでも入力できます。はいは1、いいえは2です。",
            DialogueState.Phone or DialogueState.LookupPhone => "ボタンでも入力できます。番号のあとに#を押してください。",
            DialogueState.Lookup => "ボタンでも入力できます。予約番号8桁を押してください。",
            DialogueState.Topic => "ボタンでも入力できます。種類の番号を押してください。",
            _ => "",
        };
        return Say(message + keypad);
    }

    /// <summary>Staff take calls on office days, 9:00–17:30 JST.</summary>
    public static bool StaffHours(DateTimeOffset now)
    {
        var jst = now.UtcDateTime.AddHours(9);
        var t = TimeOnly.FromDateTime(jst);
        return OfficeCalendar.IsOpen(DateOnly.FromDateTime(jst)) && t >= new TimeOnly(9, 0) && t < new TimeOnly(17, 30);
    }

    private string Transfer()
    {
        State = DialogueState.Transferred;
        Outcome = CallOutcome.Transferred;
        if (StaffHours(clock.GetUtcNow()))
        {
            return Say($"担当の職員におつなぎします。つながらない場合は、{CityContact}または区役所の区民相談窓口へお電話ください。");
        }

        // Outside staff hours nobody can take the call: say when to call, and offer a call-back.
        CallbackRequested = CallerId is not null;
        return Say("ただいまは職員の対応時間外です。平日（祝日と12月29日から1月3日を除く）の午前9時から午後5時30分に、" +
            $"{CityContact}または区役所の区民相談窓口へおかけください。" +
            (CallbackRequested ? "また、おかけの番号へ、職員から次の平日に折り返しお電話します。" : ""));
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
