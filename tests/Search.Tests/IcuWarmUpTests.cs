using System.Reflection;
using System.Runtime.Loader;

namespace OsakaDx.Search.Tests;

/// <summary>
/// ICU4N's dictionary break engine keeps process-wide state that the first Japanese text it breaks
/// decides (ICU4N issue #100). Each case here loads the module, Lucene.Net and ICU4N afresh into their
/// own load context, so their statics start as in a new process (the server, the CLI), and compares
/// what the word analyzer makes of ージョン when that is the first text with what it makes of it after
/// ordinary text. Without the analyzer's warm-up the first gives one word and the second two.
/// </summary>
public sealed class IcuWarmUpTests
{
    [Fact]
    public void The_first_text_a_process_analyses_does_not_change_how_later_words_are_cut()
    {
        var first = WordsInFreshProcess(["ージョン"]);
        var afterOrdinaryText = WordsInFreshProcess(["たっ", "関西国際空港", "ージョン"]);
        var afterLeadingMark = WordsInFreshProcess(["ー関西", "ージョン"]);

        Assert.Equal(afterOrdinaryText[^1], first[^1]);
        Assert.Equal(afterOrdinaryText[^1], afterLeadingMark[^1]);
        Assert.Equal(2, first[^1].Count); // ージ / ョン, as any process that has seen ordinary text cuts it
        Assert.Equal(["関西", "国際", "空港"], afterOrdinaryText[1]);
    }

    /// <summary>The word analyzer's terms for each text in turn, in a load context of its own.</summary>
    private static List<List<string>> WordsInFreshProcess(string[] texts)
    {
        var context = new FreshContext();
        try
        {
            var module = context.LoadFromAssemblyPath(typeof(OsakaDx.Modules.Search.Indexing.ISearchIndex).Assembly.Location);
            Assert.NotSame(typeof(OsakaDx.Modules.Search.Indexing.ISearchIndex).Assembly, module);
            var analyzer = module.GetType("OsakaDx.Modules.Search.Indexing.JapaneseWordAnalyzer", throwOnError: true)!;
            var words = analyzer.GetMethod("Words", BindingFlags.Static | BindingFlags.NonPublic)!;
            var lucene = analyzer.BaseType!.Assembly;
            Assert.NotSame(typeof(Lucene.Net.Analysis.Analyzer).Assembly, lucene); // fresh statics, not the test process's
            return texts.Select(t => (List<string>)words.Invoke(null, [t])!).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Loads the app's own assemblies (not the framework's) again from the test's folder.</summary>
    private sealed class FreshContext() : AssemblyLoadContext("icu-fresh", isCollectible: true)
    {
        private static readonly string Folder = AppContext.BaseDirectory;

        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(Folder, name.Name + ".dll");
            return name.CultureName is null or "" && File.Exists(path) && !IsShared(name.Name!) ? LoadFromAssemblyPath(path) : null;
        }

        // Types that cross the boundary (List<string>, string) come from the framework, which is shared.
        private static bool IsShared(string name) => name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name == "netstandard";
    }
}
