using OsakaDx.Platform.Kernel;

namespace OsakaDx.Modules.Budget.Kernel;

/// <summary>Fiscal years as the module stores them (the starting calendar year, an int), read from any form FiscalYear accepts.</summary>
internal static class FiscalYearText
{
    public static bool TryParse(string? text, out int year)
    {
        year = 0;
        if (!FiscalYear.TryParse(text, out var fy) || fy.StartYear is < 2000 or > 2100)
        {
            return false;
        }

        year = fy.StartYear;
        return true;
    }

    /// <summary>"2027年度（令和9年度）".</summary>
    public static string Display(int year) => $"{new FiscalYear(year)}（{new FiscalYear(year).ToWarekiString()}）";
}
