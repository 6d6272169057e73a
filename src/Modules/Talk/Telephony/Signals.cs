// Audio a caller makes, generated: keypad tones (with deviation, twist, level and noise inside or
// outside the tolerances), speech-like sounds (voiced vowels with moving pitch and formants, which
// have harmonics near DTMF pairs), silence. Used by the tests, the benchmark and `talk demo`.
namespace OsakaDx.Modules.Talk.Telephony;

public static class Signals
{
    public const int Rate = 8000;

    /// <summary>A key press: two sines, then a pause. Levels in dBFS per tone; twist = high − low in dB.</summary>
    public static short[] Dtmf(char key, int toneMs = 70, int pauseMs = 50, double lowDb = -10, double twistDb = 2, double deviation = 0, double noiseDb = -100, Random? random = null)
    {
        var (low, high) = DtmfDetector.Frequencies(key);
        var lowAmp = Math.Pow(10, lowDb / 20);
        var highAmp = Math.Pow(10, (lowDb + twistDb) / 20);
        var tone = toneMs * Rate / 1000;
        var total = tone + (pauseMs * Rate / 1000);
        var pcm = new double[total];
        var phase = (random ?? Random.Shared).NextDouble() * Math.PI;
        for (var i = 0; i < tone; i++)
        {
            pcm[i] = (lowAmp * Math.Sin((2 * Math.PI * low * (1 + deviation) * i / Rate) + phase)) + (highAmp * Math.Sin(2 * Math.PI * high * (1 + deviation) * i / Rate));
        }

        AddNoise(pcm, noiseDb, random ?? Random.Shared);
        return ToPcm(pcm);
    }

    public static short[] Keys(string keys, int toneMs = 70, int pauseMs = 50, double lowDb = -10, double twistDb = 2) =>
        [.. keys.SelectMany(k => Dtmf(k, toneMs, pauseMs, lowDb, twistDb))];

    public static short[] Silence(int ms, double noiseDb = -100, Random? random = null)
    {
        var pcm = new double[ms * Rate / 1000];
        AddNoise(pcm, noiseDb, random ?? Random.Shared);
        return ToPcm(pcm);
    }

    /// <summary>
    /// Speech-like audio: a glottal pulse train (pitch gliding around <paramref name="f0"/>) through two
    /// or three formant resonators, syllables of ~150 ms with short gaps — a vowel sequence such as
    /// 「あいうえお」. Harmonics of such sounds fall on DTMF frequencies all the time.
    /// </summary>
    public static short[] SpeechLike(int ms, double f0 = 150, double levelDb = -15, Random? random = null)
    {
        random ??= Random.Shared;
        (double F1, double F2, double F3)[] vowels = [(800, 1200, 2500), (300, 2300, 3000), (350, 1300, 2300), (500, 1900, 2600), (500, 900, 2400), (700, 1220, 2600)];
        var n = ms * Rate / 1000;
        var output = new double[n];
        double phase = 0;
        var i = 0;
        while (i < n)
        {
            var syllable = Math.Min(n - i, (120 + random.Next(80)) * Rate / 1000);
            var (f1, f2, f3) = vowels[random.Next(vowels.Length)];
            var startF0 = f0 * (0.8 + (0.4 * random.NextDouble()));
            var endF0 = startF0 * (0.85 + (0.3 * random.NextDouble()));
            var r1 = new Resonator(f1, 90);
            var r2 = new Resonator(f2, 110);
            var r3 = new Resonator(f3, 170);
            for (var k = 0; k < syllable; k++, i++)
            {
                var pitch = startF0 + ((endF0 - startF0) * k / syllable);
                phase += pitch / Rate;
                var pulse = 0.0;
                if (phase >= 1)
                {
                    phase -= 1;
                    pulse = 1;
                }

                var source = pulse + (0.02 * ((random.NextDouble() * 2) - 1));
                var envelope = Math.Sin(Math.PI * k / syllable);
                output[i] = envelope * (r1.Step(source) + (0.5 * r2.Step(source)) + (0.25 * r3.Step(source)));
            }

            // A short gap between syllables.
            var gap = Math.Min(n - i, random.Next(30) * Rate / 1000);
            i += gap;
        }

        var peak = output.Max(Math.Abs);
        var scale = peak > 0 ? Math.Pow(10, levelDb / 20) / peak * 2 : 0;
        for (var k = 0; k < n; k++)
        {
            output[k] = Math.Clamp(output[k] * scale, -0.99, 0.99);
        }

        return ToPcm(output);
    }

    /// <summary>A sustained vowel whose harmonics sit on a DTMF pair (f0 174 Hz: 4th ≈ 697, 7th ≈ 1218), the hardest case for a detector.</summary>
    public static short[] TrickyVowel(int ms, double f0 = 174, double levelDb = -12)
    {
        var n = ms * Rate / 1000;
        var output = new double[n];
        var r1 = new Resonator(700, 80);
        var r2 = new Resonator(1210, 90);
        double phase = 0;
        for (var i = 0; i < n; i++)
        {
            phase += f0 / Rate;
            var pulse = 0.0;
            if (phase >= 1)
            {
                phase -= 1;
                pulse = 1;
            }

            output[i] = r1.Step(pulse) + r2.Step(pulse);
        }

        var peak = output.Max(Math.Abs);
        var scale = Math.Pow(10, levelDb / 20) / peak * 2;
        return ToPcm([.. output.Select(x => Math.Clamp(x * scale, -0.99, 0.99))]);
    }

    private static void AddNoise(double[] pcm, double noiseDb, Random random)
    {
        if (noiseDb <= -99)
        {
            return;
        }

        // Gaussian noise with the given RMS level.
        var sigma = Math.Pow(10, noiseDb / 20);
        for (var i = 0; i < pcm.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            pcm[i] += sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }

    private static short[] ToPcm(double[] x) => [.. x.Select(v => (short)Math.Clamp(v * 32767, short.MinValue, short.MaxValue))];

    /// <summary>Two-pole resonator (a formant).</summary>
    private sealed class Resonator(double frequency, double bandwidth)
    {
        private readonly double a1 = 2 * Math.Exp(-Math.PI * bandwidth / Rate) * Math.Cos(2 * Math.PI * frequency / Rate);
        private readonly double a2 = -Math.Exp(-2 * Math.PI * bandwidth / Rate);
        private double y1;
        private double y2;

        public double Step(double x)
        {
            var y = x + (a1 * y1) + (a2 * y2);
            y2 = y1;
            y1 = y;
            return y;
        }
    }
}
