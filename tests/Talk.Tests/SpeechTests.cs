using OsakaDx.Modules.Talk.Speech;
using OsakaDx.Modules.Talk.Telephony;

namespace OsakaDx.Talk.Tests;

/// <summary>A fact that needs espeak-ng (+ MeCab); skipped cleanly when the Debian packages are absent, except
/// with OSAKADX_REQUIRE_TOOLS=1 (set by .ci/run, which installs them): then it runs and fails loudly.</summary>
public sealed class EspeakFactAttribute : FactAttribute
{
    public EspeakFactAttribute()
    {
        if ((!SpeechTools.EspeakAvailable || !SpeechTools.MeCabAvailable) && Environment.GetEnvironmentVariable("OSAKADX_REQUIRE_TOOLS") != "1")
        {
            Skip = "espeak-ng or MeCab (mecab, mecab-ipadic-utf8) is not installed: apt-get install espeak-ng mecab mecab-ipadic-utf8";
        }
    }
}

/// <summary>A fact that needs a whisper.cpp model: OSAKADX_TEST_WHISPER_MODEL=/path/ggml-base.bin (none ships with OsakaDx).</summary>
public sealed class WhisperFactAttribute : FactAttribute
{
    public static string? ModelPath => Environment.GetEnvironmentVariable("OSAKADX_TEST_WHISPER_MODEL");

    public WhisperFactAttribute()
    {
        if (ModelPath is null || !File.Exists(ModelPath) || !SpeechTools.EspeakAvailable)
        {
            Skip = "No Whisper model (set OSAKADX_TEST_WHISPER_MODEL to a ggml model file) or no espeak-ng to make the test audio.";
        }
    }
}

public sealed class SpeechTests
{
    [Fact]
    public async Task ThePromptCacheSynthesisesEachTextOnce()
    {
        var cache = new PromptCache(new ToneSynthesizer());
        var a = await cache.SynthesizeAsync("北区役所ですね。", default);
        var b = await cache.SynthesizeAsync("北区役所ですね。", default);
        Assert.Same(a, b);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(1, cache.Hits);
        Assert.Equal("", Detect(MuLaw.Decode(a.MuLaw)));   // the stand-in tone is never a key
    }

    [Fact]
    public void DigitsAreSpokenAsJapaneseNumerals()
    {
        Assert.Equal("二千二十六年十二月一日", EspeakSynthesizer.SpokenDigits("2026年12月1日"));
        Assert.Equal("ゼロ 六 の 六", EspeakSynthesizer.SpokenDigits("0 6 の 6"));
    }

    [Fact]
    public async Task TheScriptedRecognizerAnswersPerCall()
    {
        var r = new ScriptedRecognizer();
        r.Enqueue("北区", 0.9, "CA1");
        r.Enqueue("西区");
        Assert.Equal("西区", (await r.RecognizeAsync(Array.Empty<short>(), -20, "CA2", default))!.Text);
        Assert.Equal("北区", (await r.RecognizeAsync(Array.Empty<short>(), -20, "CA1", default))!.Text);
        Assert.Null(await r.RecognizeAsync(Array.Empty<short>(), -20, "CA1", default));
    }

    [EspeakFact]
    public async Task EspeakSpeaksAPromptAsTelephoneAudio()
    {
        var prompt = await new EspeakSynthesizer().SynthesizeAsync("北区役所ですね。12月3日、午後2時です。", default);
        Assert.Equal("espeak-ng", prompt.Engine);
        var pcm = MuLaw.Decode(prompt.MuLaw);
        Assert.InRange(pcm.Length / 8000.0, 1.5, 15);             // seconds of speech at 8 kHz
        Assert.True(Vad.LevelDb(pcm) > -35, "the prompt is audible");
        Assert.Equal("", Detect(pcm));                             // our own voice never reads as keys
    }

    [EspeakFact]
    public async Task NamesSaidInKanjiAreReadBackInKana()
    {
        Assert.Equal("やまだはなこ", await SpeechTools.NameInKanaAsync("山田花子", default));
        Assert.Equal("おおさか たろう", await SpeechTools.NameInKanaAsync("おおさか たろう", default));
    }

    [WhisperFact]
    public async Task WhisperRecognisesAWardNameAndNothingOnSilence()
    {
        var options = new SpeechOptions { WhisperModelPath = WhisperFactAttribute.ModelPath };
        using var whisper = new WhisperRecognizer(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<WhisperRecognizer>.Instance);
        var spoken = MuLaw.Decode((await new EspeakSynthesizer().SynthesizeAsync("きたくです", default)).MuLaw);
        var heard = await whisper.RecognizeAsync(spoken, Vad.LevelDb(spoken), "CA1", default);
        Assert.NotNull(heard);
        Assert.Contains("北", heard.Text, StringComparison.Ordinal);
        Assert.Null(await whisper.RecognizeAsync(Signals.Silence(2000, -60), -60, "CA1", default));
    }

    private static string Detect(short[] pcm)
    {
        var found = new System.Text.StringBuilder();
        new DtmfDetector().Process(pcm, c => found.Append(c));
        return found.ToString();
    }
}
