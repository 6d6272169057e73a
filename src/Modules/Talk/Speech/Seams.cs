// The speech seams of the phone channel. A recogniser turns an utterance (8 kHz PCM, as cut by the
// VAD) into text with a confidence; a synthesiser turns a prompt into 8 kHz μ-law audio. Both run
// offline: no network call is ever made.
namespace OsakaDx.Modules.Talk.Speech;

/// <summary>What was heard. Confidence 0–1; below <see cref="SpeechOptions.ConfirmBelow"/> the dialogue asks again.</summary>
public sealed record Recognition(string Text, double Confidence);

public interface IRecognizer
{
    /// <summary>Short name for the call record: "whisper", "scripted", "none".</summary>
    string Name { get; }

    /// <summary>True when speech can be understood at all (else the phone asks for keys only).</summary>
    bool Available { get; }

    /// <summary>The text of one utterance, or null when nothing trustworthy was heard.</summary>
    /// <param name="pcm8k">16-bit PCM, 8 kHz mono.</param>
    /// <param name="speechLevelDb">Mean level of the speech frames (dBFS) as measured by the VAD.</param>
    /// <param name="callSid">The call it belongs to.</param>
    Task<Recognition?> RecognizeAsync(ReadOnlyMemory<short> pcm8k, double speechLevelDb, string callSid, CancellationToken ct);
}

/// <summary>Audio of one prompt: μ-law 8 kHz, and how it was made ("espeak-ng", "tones").</summary>
public sealed record SynthesizedPrompt(string Text, byte[] MuLaw, string Engine);

public interface ISynthesizer
{
    string Name { get; }

    Task<SynthesizedPrompt> SynthesizeAsync(string text, CancellationToken ct);
}

/// <summary>Configuration under OsakaDx:Talk.</summary>
public sealed class SpeechOptions
{
    /// <summary>Path of a whisper.cpp ggml model (e.g. ggml-base.bin). None ships with OsakaDx.</summary>
    public string? WhisperModelPath { get; set; }

    /// <summary>Recognitions less sure than this are read back for confirmation or asked again.</summary>
    public double ConfirmBelow { get; set; } = 0.6;

    /// <summary>Whisper segments whose no-speech probability is above this are dropped.</summary>
    public double MaxNoSpeechProbability { get; set; } = 0.6;

    /// <summary>Utterances quieter than this (dBFS, VAD speech frames) are not sent to the recogniser.</summary>
    public double MinSpeechLevelDb { get; set; } = -40;

    /// <summary>"auto" (espeak-ng + MeCab when installed, else tones), "espeak" or "tones".</summary>
    public string Synthesizer { get; set; } = "auto";

    /// <summary>Audio sent ahead of real time; 0 sends each prompt at once (the carrier buffers it).</summary>
    public int AudioLeadMs { get; set; } = 1000;

    /// <summary>Shared secret a carrier must present (?token=); unset: only loopback connections are accepted.</summary>
    public string? PhoneToken { get; set; }
}

/// <summary>No recogniser configured: the phone works with keys only, and says so.</summary>
public sealed class NoRecognizer : IRecognizer
{
    public string Name => "none";

    public bool Available => false;

    public Task<Recognition?> RecognizeAsync(ReadOnlyMemory<short> pcm8k, double speechLevelDb, string callSid, CancellationToken ct) => Task.FromResult<Recognition?>(null);
}

/// <summary>
/// For tests, the benchmark and demos: each utterance the VAD cuts is "recognised" as the next line
/// of a script, so the whole voice path (VAD, barge-in, turn taking) runs without a model.
/// </summary>
public sealed class ScriptedRecognizer : IRecognizer
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Recognition> script = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentQueue<Recognition>> perCall = new(StringComparer.Ordinal);

    public string Name => "scripted";

    public bool Available => true;

    /// <summary>The next line heard on any call (or only on <paramref name="callSid"/>).</summary>
    public void Enqueue(string text, double confidence = 0.95, string? callSid = null)
    {
        var recognition = new Recognition(text, confidence);
        if (callSid is null)
        {
            script.Enqueue(recognition);
        }
        else
        {
            perCall.GetOrAdd(callSid, _ => new()).Enqueue(recognition);
        }
    }

    public void Clear()
    {
        script.Clear();
        perCall.Clear();
    }

    public Task<Recognition?> RecognizeAsync(ReadOnlyMemory<short> pcm8k, double speechLevelDb, string callSid, CancellationToken ct) =>
        Task.FromResult(perCall.TryGetValue(callSid, out var q) && q.TryDequeue(out var mine) ? mine : script.TryDequeue(out var r) ? r : null);
}
