using OsakaDx.Modules.Talk.Dates;
using OsakaDx.Modules.Talk.Speech;
using OsakaDx.Modules.Talk.Telephony;

namespace OsakaDx.Talk.Tests;

/// <summary>G.711 μ-law, the Goertzel DTMF detector within the Japanese tolerances, the VAD.</summary>
public sealed class TelephonyTests
{
    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-1, 0x7F)]
    [InlineData(1000, 0xCE)]
    [InlineData(-1000, 0x4E)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    public void MuLawEncodesKnownValues(short pcm, int expected) => Assert.Equal((byte)expected, MuLaw.Encode(pcm));

    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    [InlineData(0xCE, 988)]
    [InlineData(0x7E, -8)]
    public void MuLawDecodesKnownValues(int value, short expected) => Assert.Equal(expected, MuLaw.Decode((byte)value));

    [Fact]
    public void MuLawRoundTripKeepsTheSignalWithinTheCompanderStep()
    {
        for (var pcm = -32000; pcm <= 32000; pcm += 7)
        {
            var back = MuLaw.Decode(MuLaw.Encode((short)pcm));
            // The step grows with the level: ≤ 1/16 of the magnitude (+ the bias near zero).
            Assert.True(Math.Abs(back - pcm) <= (Math.Abs(pcm) / 16) + 8, $"{pcm} → {back}");
        }
    }

    private static string Detect(short[] pcm)
    {
        var detector = new DtmfDetector();
        var found = new System.Text.StringBuilder();
        // Through μ-law, as on the line.
        detector.Process(MuLaw.Decode(MuLaw.Encode(pcm)), c => found.Append(c));
        return found.ToString();
    }

    [Fact]
    public void DetectsEveryKey() => Assert.Equal("123A456B789C*0#D", Detect([.. Signals.Silence(100), .. Signals.Keys("123A456B789C*0#D")]));

    [Theory]
    [InlineData(0.015, 0, -10)]     // +1.5 % frequency deviation
    [InlineData(-0.015, 0, -10)]    // −1.5 %
    [InlineData(0, 5, -10)]         // high tone 5 dB above the low one
    [InlineData(0, 0, -25)]         // quiet line
    [InlineData(0.01, 4, -20)]
    public void DetectsKeysWithinTheTolerances(double deviation, double twist, double level)
    {
        var random = new Random(7);
        var pcm = "0123456789*#".SelectMany(k => Signals.Dtmf(k, toneMs: 50, pauseMs: 30, lowDb: level, twistDb: twist, deviation: deviation, noiseDb: level - 20, random: random)).ToArray();
        Assert.Equal("0123456789*#", Detect([.. Signals.Silence(50), .. pcm, .. Signals.Silence(50)]));
    }

    [Fact]
    public void SeparatesARepeatedKeyByTheMinimumPause() =>
        Assert.Equal("1111", Detect([.. Signals.Dtmf('1', 50, 30), .. Signals.Dtmf('1', 50, 30), .. Signals.Dtmf('1', 50, 30), .. Signals.Dtmf('1', 50, 30)]));

    [Fact]
    public void ALongPressIsOneKey() => Assert.Equal("5", Detect(Signals.Dtmf('5', toneMs: 1500, pauseMs: 100)));

    [Theory]
    [InlineData(0.04, 0, -10)]      // 4 % off: not a key
    [InlineData(0, 12, -10)]        // twist 12 dB
    [InlineData(0, 0, -45)]         // below the level floor
    public void RejectsTonesOutsideTheTolerances(double deviation, double twist, double level) =>
        Assert.Equal("", Detect(Signals.Dtmf('5', 80, 50, level, twist, deviation)));

    [Fact]
    public void ATooShortToneIsNotAKey() => Assert.Equal("", Detect(Signals.Dtmf('5', toneMs: 25, pauseMs: 50)));

    [Fact]
    public void SpeechLikeAudioGivesNoDigits()
    {
        var random = new Random(42);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal("", Detect(Signals.SpeechLike(3000, f0: 90 + (i * 6), levelDb: -8 - (i % 4 * 5), random: random)));
        }

        Assert.Equal("", Detect(Signals.TrickyVowel(2000)));
    }

    [Fact]
    public void VadFindsAnUtteranceAndItsEnd()
    {
        var vad = new Vad();
        var events = new List<(int Frame, VadEvent Event)>();
        short[] audio = [.. Signals.Silence(500, noiseDb: -60), .. Signals.SpeechLike(800), .. Signals.Silence(1000, noiseDb: -60)];
        for (var i = 0; i + 160 <= audio.Length; i += 160)
        {
            var e = vad.Process(audio.AsSpan(i, 160));
            if (e != VadEvent.None)
            {
                events.Add((i / 160, e));
            }
        }

        Assert.Equal([VadEvent.SpeechStarted, VadEvent.SpeechEnded], events.Select(e => e.Event));
        Assert.InRange(events[0].Frame, 25, 35);           // speech starts at frame 25
        Assert.InRange(events[1].Frame, 25 + 40 + 29, 25 + 40 + 32); // 800 ms of speech + 600 ms of silence
        Assert.True(vad.TakeUtterance().Length >= 800 * 8);
        Assert.True(vad.LastSpeechDb > -40);
    }

    [Fact]
    public void VadIgnoresLineNoise()
    {
        var vad = new Vad();
        var audio = Signals.Silence(3000, noiseDb: -50, random: new Random(1));
        for (var i = 0; i + 160 <= audio.Length; i += 160)
        {
            Assert.Equal(VadEvent.None, vad.Process(audio.AsSpan(i, 160)));
        }
    }

    [Theory]
    [InlineData("ゼロろくの ろくななゼロゼロの いちにさんよん", "0667001234")]
    [InlineData("れーいちにー さんよんごー の ろくななはちきゅう", "0123456789")]
    [InlineData("ぜろきゅうぜろ いちにさんよん ごろくななはち", "09012345678")]
    [InlineData("まるろく しちなな", "0677")]
    [InlineData("〇六 六七〇〇 一二三四です", "0667001234")]
    [InlineData("06-6208-7321", "0662087321")]
    [InlineData("きゅう く し よん", "9944")]
    [InlineData("お願いします", null)]
    [InlineData("わかりません", null)]
    public void ReadsDigitsSaidOneByOne(string said, string? digits) => Assert.Equal(digits, SpokenDigits.Parse(said));

    [Theory]
    [InlineData("+81662081234", "0662081234")]
    [InlineData("+819012345678", "09012345678")]
    [InlineData("06-6208-1234", "0662081234")]
    [InlineData("+14155550100", null)]
    [InlineData("anonymous", null)]
    public void NormalizesCallerIds(string given, string? expected) => Assert.Equal(expected, CallerId.Normalize(given));

    [Fact]
    public void ResamplingKeepsATelephoneBandTone()
    {
        var tone = Enumerable.Range(0, 8000).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / 8000))).ToArray();
        var up = Resampler.Resample(tone, 8000, 16000);
        Assert.Equal(16000, up.Length);
        var rms = Math.Sqrt(up.Skip(100).Take(15000).Average(x => x * x));
        Assert.InRange(rms, 0.33, 0.38);   // 0.5/√2 ≈ 0.354
    }

    [Fact]
    public void WhisperInventionsAreRemoved()
    {
        Assert.Equal("", WhisperRecognizer.Clean("ご視聴ありがとうございました"));
        Assert.Equal("北区です", WhisperRecognizer.Clean("[音楽] 北区です。"));
    }
}
