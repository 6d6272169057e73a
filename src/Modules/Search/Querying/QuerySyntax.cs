namespace OsakaDx.Modules.Search.Querying;

/// <summary>
/// The search box language staff already know from web search: words are ANDed, OR between words
/// makes alternatives, -word excludes, "quoted words" must appear together. Full-width spaces,
/// quotes and minus signs count too (NFKC first).
/// </summary>
internal sealed record QuerySyntax(IReadOnlyList<IReadOnlyList<QueryTerm>> Required, IReadOnlyList<QueryTerm> Excluded)
{
    public bool IsEmpty => Required.Count == 0 && Excluded.Count == 0;

    public IEnumerable<QueryTerm> Positive => Required.SelectMany(g => g);

    public static QuerySyntax Parse(string? input)
    {
        var text = (input ?? "").Normalize(System.Text.NormalizationForm.FormKC).Replace('“', '"').Replace('”', '"').Replace('−', '-');
        var raw = new List<(string Text, bool Phrase, bool Negated)>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                negated = true;
                i++;
            }

            if (text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                var phrase = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                if (phrase.Trim().Length > 0)
                {
                    raw.Add((phrase.Trim(), true, negated));
                }

                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            raw.Add((text[start..i], false, negated));
        }

        var required = new List<List<QueryTerm>>();
        var excluded = new List<QueryTerm>();
        var joinNext = false;
        foreach (var (word, phrase, negated) in raw)
        {
            if (!phrase && !negated && word is "OR" or "|")
            {
                joinNext = required.Count > 0;
                continue;
            }

            var term = new QueryTerm(word, phrase);
            if (negated)
            {
                excluded.Add(term);
            }
            else if (joinNext)
            {
                required[^1].Add(term);
            }
            else
            {
                required.Add([term]);
            }

            joinNext = false;
        }

        return new QuerySyntax(required, excluded);
    }
}

internal sealed record QueryTerm(string Text, bool Phrase);
