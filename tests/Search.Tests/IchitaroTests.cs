using Microsoft.EntityFrameworkCore;
using OsakaDx.Modules.Search.Data;
using OsakaDx.Modules.Search.Extraction;

namespace OsakaDx.Search.Tests;

/// <summary>
/// 一太郎 (.jtd): no sample file and no writer exist here, and Debian 12's LibreOffice (7.4) has no
/// Ichitaro import filter. The crawler must then say so and keep the file findable by name, rather
/// than hand it to LibreOffice, which guesses some other format for an unknown OLE2 file.
/// </summary>
public sealed class IchitaroTests : IDisposable
{
    private readonly TestShare share = new();

    public void Dispose() => share.Dispose();

    [ToolFact("soffice")]
    public async Task A_jtd_file_without_an_Ichitaro_filter_is_found_by_name_with_the_reason()
    {
        // An OLE2 compound-file header, as Ichitaro files have; the body does not matter to the decision.
        var bytes = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(bytes, 0);
        Directory.CreateDirectory(Path.Combine(share.Root, "総務"));
        await File.WriteAllBytesAsync(Path.Combine(share.Root, "総務", "議会答弁案_令和6年.jtd"), bytes);
        var source = await share.AddSourceAsync();
        await share.CrawlAsync(source.Id);

        await using var db = share.NewDb();
        var entry = await db.Catalog.SingleAsync(c => c.Name == "議会答弁案_令和6年.jtd");
        Assert.Equal(1, share.Search("議会答弁").Total);
        Assert.Equal("一太郎", share.Search("議会答弁").Hits[0].Type);
        if (ExternalTools.LibreOfficeReadsIchitaro)
        {
            // A LibreOffice with an Ichitaro filter gets the file (a fake one fails with a Japanese reason).
            Assert.NotEqual(ExtractionStatus.Indexed, entry.Status);
            Assert.NotNull(entry.Reason);
        }
        else
        {
            Assert.Equal(ExtractionStatus.NameOnly, entry.Status);
            Assert.Contains("一太郎の読み込み機能", entry.Reason, StringComparison.Ordinal);
        }
    }
}
