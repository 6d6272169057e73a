using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;

namespace OsakaDx.Modules.Search.Querying;

/// <summary>The admin-edited synonym dictionary: validated, versioned (a stale save is refused), audited by the platform.</summary>
internal sealed class SynonymService(SearchDb db, TimeProvider clock)
{
    public const int MaxWords = 20;
    public const int MaxWordLength = 50;

    public const string StaleMessage = "ほかの人が先にこの同義語を変更または削除しました。最新の内容を確認してから、もう一度保存してください。";

    public async Task<List<SearchSynonym>> ListAsync(CancellationToken cancellationToken = default) =>
        (await db.Synonyms.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(s => s.Terms, StringComparer.Ordinal).ToList();

    public Task<SearchSynonym?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        db.Synonyms.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    /// <summary>
    /// The words of one group from what an admin typed: separated by commas, 読点, 「⇔」 or new lines;
    /// NFKC; at least two different words. Errors name the field.
    /// </summary>
    public static (List<string> Words, List<(string Field, string Message)> Errors) Parse(string? text, string? note)
    {
        var errors = new List<(string, string)>();
        var words = (text ?? "").Normalize(System.Text.NormalizationForm.FormKC)
            .Split([',', '、', '⇔', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        var distinct = words.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count < 2)
        {
            errors.Add(("Terms", "「同じ意味の語」は2語以上を「,」か「、」で区切って入力してください（例：予算書, 予算説明書）。"));
        }
        else if (distinct.Count > MaxWords)
        {
            errors.Add(("Terms", $"「同じ意味の語」は1組{MaxWords}語までです（{distinct.Count}語あります）。"));
        }
        else if (distinct.FirstOrDefault(w => w.Length > MaxWordLength || w.Contains(' ', StringComparison.Ordinal) || w.Contains('"', StringComparison.Ordinal)) is { } bad)
        {
            errors.Add(("Terms", $"「同じ意味の語」の「{bad}」は、空白や「\"」を含まない{MaxWordLength}文字以内の語にしてください。"));
        }

        if ((note ?? "").Length > 200)
        {
            errors.Add(("Note", "「メモ」は200文字以内で入力してください。"));
        }

        return (distinct, errors);
    }

    /// <summary>Adds (id null) or changes a group. Returns the errors; nothing is written when there are any.</summary>
    public async Task<List<(string Field, string Message)>> SaveAsync(int? id, long version, string? text, string? note, CancellationToken cancellationToken = default)
    {
        var (words, errors) = Parse(text, note);
        var terms = string.Join(',', words);
        if (errors.Count == 0)
        {
            var others = await db.Synonyms.AsNoTracking().Where(s => s.Id != (id ?? 0)).Select(s => s.Terms).ToListAsync(cancellationToken);
            if (others.Any(o => o == terms))
            {
                errors.Add(("Terms", "同じ組み合わせの同義語がすでにあります。"));
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        SearchSynonym target;
        if (id is null)
        {
            target = new SearchSynonym();
            db.Synonyms.Add(target);
        }
        else
        {
            var existing = await db.Synonyms.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (existing is null)
            {
                return [("Terms", StaleMessage)];
            }

            db.Entry(existing).Property(s => s.Version).OriginalValue = version;
            target = existing;
        }

        target.Terms = terms;
        target.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        target.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return [("Terms", StaleMessage)];
        }

        return [];
    }

    public async Task<string?> DeleteAsync(int id, long version, CancellationToken cancellationToken = default)
    {
        var existing = await db.Synonyms.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (existing is null)
        {
            return StaleMessage;
        }

        db.Entry(existing).Property(s => s.Version).OriginalValue = version;
        db.Synonyms.Remove(existing);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return StaleMessage;
        }
    }

    /// <summary>The starter dictionary for the demo: document kinds and bureau abbreviations used in the city.</summary>
    public static readonly (string Terms, string Note)[] Starter =
    [
        ("予算書,予算説明書", "文書の呼び方"),
        ("議事録,会議録", "文書の呼び方"),
        ("要綱,要領", "文書の呼び方"),
        ("財政局,財局", "局名の略称"),
        ("こども青少年局,こ青局", "局名の略称"),
        ("デジタル統括室,デ統,ICT戦略室", "旧称・略称"),
        ("大阪港湾局,港湾局", "局名の略称"),
    ];
}
