using Lucene.Net.Index;
using Lucene.Net.Search;
using OsakaDx.Modules.Search.Indexing;

namespace OsakaDx.Modules.Search.Permissions;

/// <summary>
/// The NTFS part of the permission filter (inside every Lucene query, like the POSIX tokens): for
/// each allow block s a document may have, "holds one of a{s}:… AND none of x{s}:…" (see
/// <see cref="FileAcl.Terms"/>). Terms no document has cost a dictionary lookup each.
/// </summary>
internal static class NtAclQuery
{
    public static IEnumerable<Query> Clauses(SearchPrincipal principal)
    {
        for (var s = 0; s < FileAcl.MaxAllowBlocks; s++)
        {
            var allowed = new BooleanQuery();
            var block = new BooleanQuery { { allowed, Occur.MUST } };
            foreach (var token in principal.Tokens)
            {
                allowed.Add(new TermQuery(new Term(FileAcl.NtField, $"a{s}:{token}")), Occur.SHOULD);
                block.Add(new TermQuery(new Term(FileAcl.NtField, $"x{s}:{token}")), Occur.MUST_NOT);
            }

            if (allowed.Clauses.Count > 0)
            {
                yield return block;
            }
        }
    }
}
