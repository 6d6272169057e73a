using Lucene.Net.Search;
using Lucene.Net.Util;

namespace OsakaDx.Modules.Search.Indexing;

/// <summary>
/// Fills Lucene.Net's per-type attribute caches on one thread before queries run in parallel. Seen once
/// in the tests: two did-you-mean queries at once failed in FuzzyTermsEnum with "An item with the same key
/// has already been added. Key: BoostAttribute" (AttributeSource.AddAttributeImpl), which looks like a
/// race on the first use of those caches. Not proven; the warm-up is harmless either way.
/// </summary>
internal static class LuceneWarmUp
{
    private static readonly Lazy<bool> Done = new(() =>
    {
        var source = new AttributeSource();
        source.AddAttribute<IBoostAttribute>();
        source.AddAttribute<IMaxNonCompetitiveBoostAttribute>();
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void Run() => _ = Done.Value;
}
