// Energy-based voice activity detection on 20 ms frames, for the end of a caller's utterance.
// The noise floor follows the quietest frames; speech starts when 3 frames in a row (60 ms) are
// 10 dB above it (and above an absolute floor), and ends after EndSilenceMs below it. Telephone
// lines are quiet or carry steady hiss, so energy alone is enough here; tones are sorted out by the
// DTMF detector (an utterance during which a key was detected is dropped by the call session).
namespace OsakaDx.Modules.Talk.Telephony;

public enum VadEvent
{
    None,
    SpeechStarted,
    SpeechEnded,
}

public sealed class Vad
{
    public const int FrameSamples = 160;

    private readonly List<short> utterance = [];
    private readonly Queue<short[]> preRoll = new();
    private double noiseDb = -60;
    private int loudFrames;
    private int quietFrames;

    /// <summary>Silence that ends an utterance.</summary>
    public int EndSilenceMs { get; init; } = 600;

    /// <summary>Frames quieter than this are never speech (dBFS).</summary>
    public double AbsoluteFloorDb { get; init; } = -45;

    /// <summary>Longest utterance before it is cut (a caller who never pauses, or a noisy line).</summary>
    public int MaxUtteranceMs { get; init; } = 15_000;

    public bool InSpeech { get; private set; }

    /// <summary>Mean level of the speech frames of the last utterance (dBFS); guards the recogniser against silence.</summary>
    public double LastSpeechDb { get; private set; } = -100;

    private double speechDbSum;
    private int speechDbCount;

    /// <summary>The audio of the utterance that just ended (valid after SpeechEnded).</summary>
    public short[] TakeUtterance()
    {
        var audio = utterance.ToArray();
        utterance.Clear();
        return audio;
    }

    public static double LevelDb(ReadOnlySpan<short> frame)
    {
        if (frame.IsEmpty)
        {
            return -100;
        }

        double sum = 0;
        foreach (var s in frame)
        {
            sum += (double)s * s;
        }

        var rms = Math.Sqrt(sum / frame.Length) / 32768;
        return rms <= 1e-6 ? -100 : 20 * Math.Log10(rms);
    }

    /// <summary>Feeds one 20 ms frame.</summary>
    public VadEvent Process(ReadOnlySpan<short> frame)
    {
        var db = LevelDb(frame);
        var threshold = Math.Max(noiseDb + 10, AbsoluteFloorDb);
        var loud = db > threshold;
        if (!InSpeech)
        {
            preRoll.Enqueue(frame.ToArray());
            if (preRoll.Count > 10)
            {
                preRoll.Dequeue();
            }

            if (!loud)
            {
                loudFrames = 0;
                // Follow the floor down fast, up slowly.
                noiseDb = db < noiseDb ? db : noiseDb + (0.05 * (db - noiseDb));
                return VadEvent.None;
            }

            if (++loudFrames < 3)
            {
                return VadEvent.None;
            }

            InSpeech = true;
            quietFrames = 0;
            speechDbSum = 0;
            speechDbCount = 0;
            utterance.Clear();
            foreach (var f in preRoll)
            {
                utterance.AddRange(f);
            }

            preRoll.Clear();
            speechDbSum += db;
            speechDbCount++;
            return VadEvent.SpeechStarted;
        }

        utterance.AddRange(frame);
        if (loud)
        {
            quietFrames = 0;
            speechDbSum += db;
            speechDbCount++;
        }
        else
        {
            quietFrames++;
        }

        if (quietFrames * 20 >= EndSilenceMs || utterance.Count / 8 >= MaxUtteranceMs)
        {
            InSpeech = false;
            loudFrames = 0;
            LastSpeechDb = speechDbCount == 0 ? -100 : speechDbSum / speechDbCount;
            return VadEvent.SpeechEnded;
        }

        return VadEvent.None;
    }

    /// <summary>Forgets the current utterance (e.g. it was keypad tones, not speech).</summary>
    public void Reset()
    {
        InSpeech = false;
        loudFrames = 0;
        quietFrames = 0;
        utterance.Clear();
        preRoll.Clear();
    }
}
