// A synthetic department dataset (特定健診の受診結果, 健康局) for the demo, the tests and the
// benchmark: no real person. It has what a real department file has: a record number, a name
// column (dropped at the door), age, sex, 町丁目コード, a date, a sensitive result and measures.
using System.Globalization;
using System.Text;
using OsakaDx.Modules.Insight.Generation;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Insight.Datasets;

internal static class SampleDataset
{
    public static readonly string[] Headers = ["受診者番号", "氏名", "年齢", "性別", "町丁目コード", "受診日", "判定", "BMI", "腹囲"];

    public static readonly string[] Results = ["異常なし", "要指導", "要医療"];

    private static readonly string[] Family = ["山田", "田中", "佐藤", "鈴木", "高橋", "中村", "小林", "加藤"];

    private static readonly string[] Given = ["花子", "太郎", "恵子", "誠", "和子", "健", "洋子", "修"];

    /// <summary>Writes rows of examinees spread over the wards (町丁目 weighted by ward population) as CSV.</summary>
    public static void Write(Stream output, int rows, int seed, bool shiftJis = false)
    {
        var random = new Random(seed);
        var wards = OsakaGeography.Wards;
        var total = wards.Sum(w => (long)w.Population);
        IEnumerable<IReadOnlyList<string?>> Rows()
        {
            for (var i = 0; i < rows; i++)
            {
                var pick = random.NextInt64(total);
                var ward = wards[0];
                foreach (var w in wards)
                {
                    if (pick < w.Population)
                    {
                        ward = w;
                        break;
                    }

                    pick -= w.Population;
                }

                // Small 町丁目 are over-represented (a skewed draw), so that some cells are small.
                var chocho = ward.ChochoCode((int)(Math.Pow(random.NextDouble(), 2) * ward.ChochoCount));
                var age = 40 + random.Next(35);
                var sex = random.Next(2) == 0 ? "男" : "女";
                var bmi = Math.Round(18 + (random.NextDouble() * 14), 1);
                var result = Results[bmi > 28 ? random.Next(1, 3) : random.Next(3) == 0 ? 1 : 0];
                var date = new DateOnly(2025, 4, 1).AddDays(random.Next(365));
                yield return
                [
                    $"K{seed % 100:00}{i:0000000}", Family[random.Next(Family.Length)] + " " + Given[random.Next(Given.Length)],
                    age.ToString(CultureInfo.InvariantCulture), sex, chocho, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), result,
                    bmi.ToString("0.0", CultureInfo.InvariantCulture), (60 + (int)((bmi - 18) * 3) + random.Next(10)).ToString(CultureInfo.InvariantCulture),
                ];
            }
        }

        CsvWriter.Write(output, Headers, Rows(), shiftJis ? CsvOutputEncoding.ShiftJis : CsvOutputEncoding.Utf8WithBom);
    }

    /// <summary>The column roles a 健康局 analyst would choose for this file.</summary>
    public static readonly IReadOnlyDictionary<string, (string Role, string Generalization)> Roles = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["受診者番号"] = (ColumnRoles.Identifier, ""),
        ["年齢"] = (ColumnRoles.QuasiIdentifier, "band:5,10"),
        ["性別"] = (ColumnRoles.QuasiIdentifier, ""),
        ["町丁目コード"] = (ColumnRoles.QuasiIdentifier, "prefix:6"),
        ["受診日"] = (ColumnRoles.QuasiIdentifier, "date"),
        ["判定"] = (ColumnRoles.Sensitive, ""),
        ["BMI"] = (ColumnRoles.Measure, ""),
        ["腹囲"] = (ColumnRoles.Measure, ""),
    };

    public static byte[] Bytes(int rows, int seed, bool shiftJis = false)
    {
        using var buffer = new MemoryStream();
        Write(buffer, rows, seed, shiftJis);
        return buffer.ToArray();
    }

    public static string Text(int rows, int seed) => Encoding.UTF8.GetString(Bytes(rows, seed));
}
