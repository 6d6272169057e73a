// Per-service rules that every channel (phone, chat, web, API) goes through in ReservationService:
// the booking window (opens N days before the session day, closes M days / H hours before the
// slot), residency (大阪市内 or 区内在住, optionally 在勤・在学 too) and once per fiscal year per
// person. The messages are what the caller hears or reads, so they say why and what to do.
using System.Globalization;
using System.Text;
using OsakaDx.Modules.Talk.Data;
using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Talk.Reservations;

public static class Residency
{
    public const string Resident = "resident";
    public const string Commuter = "commuter";
    public const string None = "none";

    /// <summary>「大阪市内」 or 「北区内」.</summary>
    public static string Area(ConsultationService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Residency == "ward" ? service.Office.Replace("役所", "", StringComparison.Ordinal) + "内" : "大阪市内";
    }

    /// <summary>The question, as the phone reads it and the chat shows it.</summary>
    public static string Question(ConsultationService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var area = Area(service);
        return service.AllowCommuters
            ? $"このご相談は、{area}にお住まいの方と、{area}にお勤めか通学の方が対象です。{area}にお住まいなら1、お勤めか通学なら2、どちらでもなければ3を押すか、「住んでいます」「勤めています」のようにお答えください。"
            : $"このご相談は、{area}にお住まいの方が対象です。{area}にお住まいですか。「はい」か「いいえ」、または1か2でお答えください。";
    }

    /// <summary>Understands the answer to <see cref="Question"/>; null when unclear.</summary>
    public static string? Parse(string text, bool allowCommuters)
    {
        var t = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        if (t.Contains('勤', StringComparison.Ordinal) || t.Contains("通学", StringComparison.Ordinal) || t.Contains("学校", StringComparison.Ordinal) || t.Contains("在学", StringComparison.Ordinal)
            || t.Contains("つとめ", StringComparison.Ordinal) || t.Contains("かよって", StringComparison.Ordinal))
        {
            return Commuter;
        }

        if (t.Contains("住んで", StringComparison.Ordinal) || t.Contains("在住", StringComparison.Ordinal) || t.Contains("すんで", StringComparison.Ordinal) || t.Contains("住まい", StringComparison.Ordinal))
        {
            return t.Contains("ない", StringComparison.Ordinal) || t.Contains("いません", StringComparison.Ordinal) ? None : Resident;
        }

        if (allowCommuters)
        {
            return t switch
            {
                "1" => Resident,
                "2" => Commuter,
                "3" => None,
                _ => YesNo.Parse(t) switch { Answer.Yes => Resident, Answer.No => None, _ => null },
            };
        }

        return YesNo.Parse(t) switch { Answer.Yes => Resident, Answer.No => None, _ => null };
    }

    /// <summary>Null when the stated residency satisfies the service's rule, else why not.</summary>
    public static string? Refusal(ConsultationService service, string? stated)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (service.Residency.Length == 0)
        {
            return null;
        }

        var area = Area(service);
        return stated switch
        {
            Resident => null,
            Commuter when service.AllowCommuters => null,
            null => $"このご相談は{area}にお住まいの方が対象です。お住まい（{(service.AllowCommuters ? "在住・在勤・在学" : "在住")}）をお知らせください。",
            _ => service.AllowCommuters
                ? $"申し訳ありません。このご相談は、{area}にお住まいか、お勤め・通学の方だけがご利用いただけます。"
                : $"申し訳ありません。このご相談は、{area}にお住まいの方だけがご利用いただけます。",
        };
    }
}

public static class BookingWindow
{
    public static DateOnly FirstBookableDate(ConsultationService service, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(service);
        return today.AddDays(service.ClosesDaysBefore);
    }

    public static DateOnly LastBookableDate(ConsultationService service, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(service);
        return today.AddDays(service.OpensDaysBefore);
    }

    /// <summary>Null when a slot can be booked at <paramref name="nowUtc"/>, else why not (Japanese).</summary>
    public static string? Refusal(ConsultationService service, DateOnly date, TimeOnly slotStart, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(service);
        var jst = nowUtc.UtcDateTime.AddHours(9);
        var today = DateOnly.FromDateTime(jst);
        if (date < today || (date == today && slotStart <= TimeOnly.FromDateTime(jst)))
        {
            return "その日時はもう過ぎています。";
        }

        if (date > LastBookableDate(service, today))
        {
            var opens = date.AddDays(-service.OpensDaysBefore);
            return $"{JapaneseFormat.Date(date)}の予約は、{JapaneseFormat.Date(opens)}から受け付けます（相談日の{service.OpensDaysBefore.ToString(CultureInfo.InvariantCulture)}日前から）。";
        }

        if (date < FirstBookableDate(service, today))
        {
            return $"予約は{Closes(service)}です。{JapaneseFormat.Date(FirstBookableDate(service, today))}以降の日を選んでください。";
        }

        var slotJst = date.ToDateTime(slotStart);
        if (service.ClosesHoursBefore > 0 && slotJst - jst < TimeSpan.FromHours(service.ClosesHoursBefore))
        {
            return $"予約は{Closes(service)}です。もっと先の時間を選んでください。";
        }

        return null;
    }

    /// <summary>「相談日の前日まで」「相談の2時間前まで」.</summary>
    public static string Closes(ConsultationService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var days = service.ClosesDaysBefore switch
        {
            0 => "",
            1 => "相談日の前日まで",
            var n => $"相談日の{n.ToString(CultureInfo.InvariantCulture)}日前まで",
        };
        var hours = service.ClosesHoursBefore > 0 ? $"相談の{service.ClosesHoursBefore.ToString(CultureInfo.InvariantCulture)}時間前まで" : "";
        return (days, hours) switch
        {
            ("", "") => "相談の開始時刻まで",
            (_, "") => days,
            ("", _) => hours,
            _ => days + "、かつ" + hours,
        };
    }

    /// <summary>「相談日の28日前から前日まで」: for the start page and the admin list.</summary>
    public static string Describe(ConsultationService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return $"相談日の{service.OpensDaysBefore.ToString(CultureInfo.InvariantCulture)}日前から{Closes(service).Replace("相談日の", "", StringComparison.Ordinal)}";
    }
}

public static class Person
{
    /// <summary>Kana name without spaces in hiragana + phone digits: 「ヤマダ ハナコ」「06-1234-5678」 → やまだはなこ|0612345678.</summary>
    public static string Key(string nameKana, string phone)
    {
        var name = new StringBuilder();
        foreach (var c in (nameKana ?? "").Normalize(NormalizationForm.FormKC))
        {
            if (char.IsWhiteSpace(c) || c == '・')
            {
                continue;
            }

            name.Append(c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c);
        }

        var key = name + "|" + new string([.. (phone ?? "").Normalize(NormalizationForm.FormKC).Where(char.IsAsciiDigit)]);
        return key.Length > 130 ? key[..130] : key;
    }

    public static string FiscalYearName(DateOnly date) => FiscalYear.FromDate(date).ToWarekiString();
}
