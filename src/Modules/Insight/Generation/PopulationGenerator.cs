// Synthetic Osaka-like resident register, streamed to CSV. Reproducible: the same seed and size give
// the same bytes. Shapes (ward sizes, 65+ shares, household sizes, foreign residents, five fiscal
// years of 出生/死亡/転入/転出/転居) follow shared/reference/insight.md §5; the rest are stated assumptions.
using System.Globalization;
using OsakaDx.Modules.Insight.Ingest;
using OsakaDx.Platform.Files;

namespace OsakaDx.Modules.Insight.Generation;

internal sealed record GeneratorOptions(int Residents, int Seed, bool ShiftJis = false)
{
    /// <summary>基準日: the extract is as of the end of FY2025.</summary>
    public static readonly DateOnly AsOf = new(2026, 3, 31);

    /// <summary>First day of the five fiscal years of events (FY2021–FY2025).</summary>
    public static readonly DateOnly WindowStart = new(2021, 4, 1);
}

internal sealed record GeneratorResult(long Residents, long RemovedRecords, long Households, long Rows);

internal sealed class PopulationGenerator(GeneratorOptions options)
{
    // 世帯人員 1..6 (Osaka: 1.87 persons per household, about half single; reference §5).
    private static readonly double[] HouseholdSizeShares = [0.51, 0.25, 0.125, 0.085, 0.025, 0.005];

    private readonly Random random = new(options.Seed);
    private readonly int windowDays = GeneratorOptions.AsOf.DayNumber - GeneratorOptions.WindowStart.DayNumber + 1;
    private long personSerial;
    private long householdSerial;

    public GeneratorResult Write(Stream output, Action<long, long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Residents, 1);
        var encoding = options.ShiftJis ? CsvEncodingDetector.ShiftJis : CsvEncodingDetector.Utf8;
        using var writer = new StreamWriter(output, encoding, 1 << 20, leaveOpen: true) { NewLine = "\r\n" };
        writer.WriteLine(string.Join(',', ResidentLayout.Columns));
        var targets = WardTargets(options.Residents);
        long residents = 0, removed = 0;
        var row = new RowWriter(writer);
        for (var wi = 0; wi < OsakaGeography.Wards.Count; wi++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ward = OsakaGeography.Wards[wi];
            var target = targets[wi];
            var (chochoCumulative, chochoAging) = ChochoWeights(ward);
            var wardAging = ward.ElderlyShare / 0.255;
            long made = 0;
            while (made < target)
            {
                var chocho = Pick(chochoCumulative);
                var size = Math.Min(PickSize(), (int)(target - made));
                var foreign = random.NextDouble() < ward.ForeignShare * 1.1;
                made += WriteHousehold(row, ward, ward.ChochoCode(chocho), size, foreign, wardAging * chochoAging[chocho]);
            }

            residents += made;
            removed += WriteRemoved(row, ward, target, chochoCumulative);
            progress?.Invoke(residents, options.Residents);
        }

        writer.Flush();
        return new GeneratorResult(residents, removed, householdSerial, residents + removed);
    }

    private static long[] WardTargets(int total)
    {
        var targets = OsakaGeography.Wards.Select(w => (long)Math.Round((double)total * w.Population / OsakaGeography.TotalPopulation)).ToArray();
        // Rounding drift goes to the largest ward so that the total is exact.
        var largest = Array.IndexOf(targets, targets.Max());
        targets[largest] += total - targets.Sum();
        return targets;
    }

    private (double[] Cumulative, double[] Aging) ChochoWeights(Ward ward)
    {
        var n = ward.ChochoCount;
        var cumulative = new double[n];
        var aging = new double[n];
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            // Log-normal sizes give a few small 町丁目, as real cities have, so suppression has work to do.
            sum += Math.Exp(Normal() * 0.7);
            cumulative[i] = sum;
            aging[i] = Math.Clamp(1 + (Normal() * 0.25), 0.5, 1.7);
        }

        for (var i = 0; i < n; i++)
        {
            cumulative[i] /= sum;
        }

        return (cumulative, aging);
    }

    private int Pick(double[] cumulative)
    {
        var x = random.NextDouble();
        var i = Array.BinarySearch(cumulative, x);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    private int PickSize()
    {
        var x = random.NextDouble();
        for (var i = 0; i < HouseholdSizeShares.Length; i++)
        {
            x -= HouseholdSizeShares[i];
            if (x < 0)
            {
                return i + 1;
            }
        }

        return 6;
    }

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private int ElderlyAge() => 65 + Math.Min(42, (int)(-Math.Log(1 - random.NextDouble()) * 11));

    private int Between(int from, int to) => random.Next(from, to + 1);

    private sealed record Member(int Age, byte Sex, string Relationship);

    private int WriteHousehold(RowWriter row, Ward ward, string chocho, int size, bool foreign, double aging)
    {
        var members = new List<Member>(size);
        var elderly = Math.Min(0.9, aging * (foreign ? 0.25 : 1.0));
        if (size == 1)
        {
            var x = random.NextDouble();
            var age = x < 0.5 * elderly ? ElderlyAge() : x < (0.5 * elderly) + 0.35 ? Between(19, 39) : Between(40, 64);
            var sex = (byte)(random.NextDouble() < (age >= 65 ? 0.65 : 0.48) ? 2 : 1);
            members.Add(new(age, sex, "世帯主"));
        }
        else if (size == 2 && random.NextDouble() < 0.4)
        {
            var parent = random.NextDouble() < 0.6 * elderly ? ElderlyAge() : Between(40, 64);
            var parentSex = (byte)(random.NextDouble() < 0.7 ? 2 : 1);
            members.Add(new(parent, parentSex, "世帯主"));
            members.Add(new(Math.Max(0, parent - Between(22, 38)), (byte)Between(1, 2), "子"));
        }
        else
        {
            var head = size == 2 ? (random.NextDouble() < 0.75 * elderly ? ElderlyAge() : Between(24, 64)) : Between(27, 54);
            var spouse = Math.Max(18, head + Between(-6, 2));
            members.Add(new(head, 1, "世帯主"));
            members.Add(new(spouse, 2, "妻"));
            for (var i = 2; i < size; i++)
            {
                if (i == size - 1 && size >= 3 && random.NextDouble() < 0.3 * elderly)
                {
                    members.Add(new(Math.Min(105, head + Between(24, 34)), (byte)(random.NextDouble() < 0.7 ? 2 : 1), random.NextDouble() < 0.7 ? "母" : "父"));
                }
                else
                {
                    var age = head - Between(24, 40);
                    members.Add(new(age < 0 ? Between(0, 5) : age, (byte)Between(1, 2), "子"));
                }
            }
        }

        var householdId = "H" + (++householdSerial).ToString("000000000", CultureInfo.InvariantCulture);
        // Whole households move in together: younger and foreign households move more.
        var headAge = members[0].Age;
        var movedInProbability = foreign ? 0.55 : headAge < 40 ? 0.32 : headAge < 65 ? 0.14 : 0.05;
        DateOnly? movedIn = random.NextDouble() < movedInProbability ? RandomWindowDate() : null;
        DateOnly? lastMove = random.NextDouble() < 0.16 ? RandomWindowDate() : null;
        if (lastMove is { } lm && movedIn is { } mi && lm <= mi)
        {
            lastMove = null;
        }

        foreach (var m in members)
        {
            var birth = BirthDate(m.Age);
            DateOnly since;
            string reason;
            if (movedIn is { } moved && birth < moved)
            {
                (since, reason) = (moved, "転入");
            }
            else if (birth >= GeneratorOptions.WindowStart || movedIn is not null || random.NextDouble() < 0.45)
            {
                (since, reason) = (birth, "出生");
            }
            else
            {
                var earliest = Math.Max(birth.DayNumber, birth.AddYears(18).DayNumber);
                var latest = GeneratorOptions.WindowStart.DayNumber - 1;
                (since, reason) = earliest >= latest ? (birth, "出生") : (DateOnly.FromDayNumber(random.Next(earliest, latest)), random.NextDouble() < 0.97 ? "転入" : "その他");
            }

            var personalMove = lastMove is { } l && l > since ? lastMove : null;
            var relationship = m.Relationship == "妻" && m.Sex == 1 ? "夫" : m.Relationship;
            row.Write(NextPersonId(), birth, m.Sex, ward.Code, chocho, householdId, relationship, foreign ? (byte)2 : (byte)1, since, reason, personalMove, null, null);
        }

        return members.Count;
    }

    private long WriteRemoved(RowWriter row, Ward ward, long residents, double[] chochoCumulative)
    {
        // 除票 within the five years: deaths about 1.15% a year (mostly 75+), moves out about 3.8%.
        var deaths = (long)Math.Round(residents * 0.0115 * 5 * ward.ElderlyShare / 0.255);
        var movesOut = (long)Math.Round(residents * 0.038 * 5);
        for (long i = 0; i < deaths + movesOut; i++)
        {
            var death = i < deaths;
            var age = death ? (random.NextDouble() < 0.9 ? Math.Min(105, ElderlyAge() + 8) : Between(20, 64)) : (random.NextDouble() < 0.7 ? Between(18, 39) : Between(0, 70));
            var birth = BirthDate(age);
            var removedOn = RandomWindowDate();
            if (removedOn < birth)
            {
                removedOn = birth;
            }

            var foreign = random.NextDouble() < ward.ForeignShare * (death ? 0.5 : 2.0);
            var householdId = "H" + (++householdSerial).ToString("000000000", CultureInfo.InvariantCulture);
            var since = birth.AddYears(Math.Min(age, 18));
            if (since > removedOn)
            {
                since = birth;
            }

            row.Write(NextPersonId(), birth, (byte)Between(1, 2), ward.Code, ward.ChochoCode(Pick(chochoCumulative)), householdId, "世帯主",
                foreign ? (byte)2 : (byte)1, since, since == birth ? "出生" : "転入", null, removedOn, death ? "死亡" : "転出");
        }

        return deaths + movesOut;
    }

    private DateOnly BirthDate(int age) => GeneratorOptions.AsOf.AddYears(-age).AddDays(-random.Next(0, 365));

    private DateOnly RandomWindowDate() => GeneratorOptions.WindowStart.AddDays(random.Next(0, windowDays));

    private string NextPersonId() => "R" + (++personSerial).ToString("0000000000", CultureInfo.InvariantCulture);

    /// <summary>Writes one CSV row without intermediate strings for the dates (the generator writes millions).</summary>
    private sealed class RowWriter(StreamWriter writer)
    {
        private readonly char[] date = new char[10];

        public void Write(string id, DateOnly birth, byte sex, string ward, string chocho, string household, string relationship, byte nationality,
            DateOnly since, string sinceReason, DateOnly? lastMove, DateOnly? removed, string? removedReason)
        {
            writer.Write(id);
            writer.Write(',');
            WriteDate(birth);
            writer.Write(',');
            writer.Write((char)('0' + sex));
            writer.Write(',');
            writer.Write(ward);
            writer.Write(',');
            writer.Write(chocho);
            writer.Write(',');
            writer.Write(household);
            writer.Write(',');
            writer.Write(relationship);
            writer.Write(',');
            writer.Write((char)('0' + nationality));
            writer.Write(',');
            WriteDate(since);
            writer.Write(',');
            writer.Write(sinceReason);
            writer.Write(',');
            if (lastMove is { } m)
            {
                WriteDate(m);
            }

            writer.Write(',');
            if (removed is { } r)
            {
                WriteDate(r);
            }

            writer.Write(',');
            writer.Write(removedReason);
            writer.Write("\r\n");
        }

        private void WriteDate(DateOnly d)
        {
            d.TryFormat(date, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            writer.Write(date, 0, written);
        }
    }
}
