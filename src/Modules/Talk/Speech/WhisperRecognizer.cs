// Speech recognition with whisper.cpp through Whisper.net, fully offline. The model file is not
// shipped (none is on NuGet, npm or Debian): set OsakaDx:Talk:WhisperModelPath to a ggml model.
// Whisper invents text on silence and noise (「ご視聴ありがとうございました」), so three guards
// stand in front of it: the VAD's speech level must be high enough, segments whose no-speech
// probability is high are dropped, and a blocklist of the usual inventions is removed.
using System.Text;
using Microsoft.Extensions.Logging;
using Whisper.net;

namespace OsakaDx.Modules.Talk.Speech;

public sealed class WhisperRecognizer : IRecognizer, IDisposable
{
    // Phrases Whisper is known to produce from silence or music in Japanese.
    private static readonly string[] Inventions =
    [
        "ご視聴ありがとうございました", "ご視聴ありがとうございます", "チャンネル登録", "おやすみなさい", "字幕", "最後までご覧いただき",
    ];

    private readonly SpeechOptions options;
    private readonly ILogger logger;
    private readonly Lazy<WhisperFactory> factory;
    private readonly SemaphoreSlim gate = new(1, 1);

    public WhisperRecognizer(SpeechOptions options, ILogger<WhisperRecognizer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.logger = logger;
        factory = new(() => WhisperFactory.FromPath(options.WhisperModelPath!));
    }

    public string Name => "whisper";

    public bool Available => true;

    public static bool Configured(SpeechOptions options) =>
        !string.IsNullOrWhiteSpace(options?.WhisperModelPath) && File.Exists(options.WhisperModelPath);

    public async Task<Recognition?> RecognizeAsync(ReadOnlyMemory<short> pcm8k, double speechLevelDb, string callSid, CancellationToken ct)
    {
        if (speechLevelDb < options.MinSpeechLevelDb || pcm8k.Length < 8000 / 5)
        {
            return null;   // too quiet or too short to be words: never ask Whisper to guess
        }

        var audio16k = Resampler.Resample(Resampler.ToFloat(pcm8k.Span), 8000, 16000);
        await gate.WaitAsync(ct);   // whisper.cpp uses every core; one recognition at a time
        try
        {
            await using var processor = factory.Value.CreateBuilder()
                .WithLanguage("ja")
                .WithNoContext()
                .WithSingleSegment()
                .WithProbabilities()
                .WithNoSpeechThreshold((float)options.MaxNoSpeechProbability)
                .WithThreads(Math.Max(1, Environment.ProcessorCount))
                .Build();
            var text = new StringBuilder();
            var probabilities = new List<double>();
            await foreach (var segment in processor.ProcessAsync(audio16k, ct))
            {
                if (segment.NoSpeechProbability > options.MaxNoSpeechProbability)
                {
                    continue;
                }

                text.Append(segment.Text);
                probabilities.Add(segment.Probability);
            }

            var heard = Clean(text.ToString());
            if (heard.Length == 0)
            {
                return null;
            }

            var confidence = probabilities.Count == 0 ? 0 : probabilities.Average();
            logger.LogDebug("Whisper heard {Text} ({Confidence:0.00})", heard, confidence);
            return new Recognition(heard, confidence);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Removes the inventions and brackets ([音楽], （笑）) Whisper adds.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = System.Text.RegularExpressions.Regex.Replace(text, @"[\[\(（【][^\]\)）】]*[\]\)）】]", "");
        foreach (var phrase in Inventions)
        {
            cleaned = cleaned.Replace(phrase, "", StringComparison.Ordinal);
        }

        return cleaned.Trim(' ', '　', '。', '、', '.', '!', '！', '?', '？');
    }

    public void Dispose()
    {
        if (factory.IsValueCreated)
        {
            factory.Value.Dispose();
        }

        gate.Dispose();
    }
}
