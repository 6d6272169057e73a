// Prompt audio for the phone. Offline only: kana readings from MeCab (mecab-ipadic-utf8), spoken by
// espeak-ng (-v ja), both Debian packages run as processes, resampled to 8 kHz μ-law. espeak-ng's
// Japanese is intelligible but robotic — fine for demos and tests, not for citizens (recorded
// prompts are the production path). Without the tools, a short tone stands for each prompt and the
// text travels in a mark, so a gateway or test can still follow the dialogue.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using OsakaDx.Modules.Talk.Telephony;

namespace OsakaDx.Modules.Talk.Speech;

/// <summary>Runs MeCab and espeak-ng when they are installed.</summary>
public static class SpeechTools
{
    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    public static bool MeCabAvailable { get; } = Find("mecab") is not null && Directory.Exists("/var/lib/mecab/dic/ipadic-utf8");

    public static bool EspeakAvailable { get; } = Find("espeak-ng") is not null;

    /// <summary>Katakana reading of Japanese text (kanji included), or null without MeCab.</summary>
    public static async Task<string?> ReadingAsync(string text, CancellationToken ct)
    {
        if (!MeCabAvailable || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var (code, output) = await RunAsync("mecab", ["-Oyomi"], Encoding.UTF8.GetBytes(text.ReplaceLineEndings(" ") + "\n"), ct);
        return code == 0 ? Encoding.UTF8.GetString(output).Trim() : null;
    }

    /// <summary>Hiragana reading of a name as said (「山田花子」→「やまだはなこ」); kana stays as it is.</summary>
    public static async Task<string> NameInKanaAsync(string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hasKanji = name.Any(c => c is >= '\u4E00' and <= '\u9FFF' or '々');
        var reading = hasKanji ? await ReadingAsync(name, ct) : null;
        return ToHiragana(reading ?? name);
    }

    public static string ToHiragana(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new string([.. text.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c)]);
    }

    public static async Task<(int Code, byte[] Output)> RunAsync(string file, string[] args, byte[] input, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} を起動できません。");
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, ct);
        var drainErr = process.StandardError.ReadToEndAsync(ct);
        await process.StandardInput.BaseStream.WriteAsync(input, ct);
        process.StandardInput.Close();
        await copy;
        await drainErr;
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, stdout.ToArray());
    }
}

/// <summary>MeCab readings spoken by espeak-ng.</summary>
public sealed class EspeakSynthesizer : ISynthesizer
{
    public string Name => "espeak-ng";

    public async Task<SynthesizedPrompt> SynthesizeAsync(string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spoken = SpokenDigits(text);
        var kana = await SpeechTools.ReadingAsync(spoken, ct) ?? spoken;
        var (code, wav) = await SpeechTools.RunAsync("espeak-ng", ["-v", "ja", "-s", "150", "--stdout"], Encoding.UTF8.GetBytes(kana + "\n"), ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"espeak-ng が終了コード {code} で終わりました。");
        }

        var (rate, pcm) = Wav.Read(wav);
        var at8k = Resampler.Resample(Resampler.ToFloat(pcm), rate, 8000);
        return new SynthesizedPrompt(text, MuLaw.Encode(Resampler.ToPcm(at8k)), Name);
    }

    /// <summary>
    /// Digits as kanji numerals, so MeCab reads 「2時」 as ニジ and 「0 6」 (digits read one by one)
    /// as ゼロ ロク; espeak-ng would otherwise spell them in English.
    /// </summary>
    public static string SpokenDigits(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return System.Text.RegularExpressions.Regex.Replace(text, "[0-9]+", m =>
            m.Value.Length == 1 && m.Value == "0" ? "ゼロ" : Kanji(long.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string Kanji(long n)
    {
        const string digits = "〇一二三四五六七八九";
        if (n == 0)
        {
            return "〇";
        }

        var sb = new StringBuilder();
        (long Unit, string Name)[] units = [(100_000_000, "億"), (10_000, "万"), (1000, "千"), (100, "百"), (10, "十")];
        foreach (var (unit, name) in units)
        {
            var q = n / unit;
            if (q > 0)
            {
                sb.Append(q == 1 && unit < 10_000 ? "" : Kanji(q)).Append(name);
                n %= unit;
            }
        }

        if (n > 0)
        {
            sb.Append(digits[(int)n]);
        }

        return sb.ToString();
    }
}

/// <summary>No speech tools: a soft 150 ms tone per prompt (the text goes in a mark).</summary>
public sealed class ToneSynthesizer : ISynthesizer
{
    private static readonly byte[] Beep = MakeBeep();

    public string Name => "tones";

    public Task<SynthesizedPrompt> SynthesizeAsync(string text, CancellationToken ct) => Task.FromResult(new SynthesizedPrompt(text, Beep, Name));

    private static byte[] MakeBeep()
    {
        // 150 ms of 440 Hz at −20 dBFS, then 100 ms of silence: one tone, never a DTMF pair.
        var pcm = new short[2000];
        for (var i = 0; i < 1200; i++)
        {
            pcm[i] = (short)(3277 * Math.Sin(2 * Math.PI * 440 * i / 8000));
        }

        return MuLaw.Encode(pcm);
    }
}

/// <summary>Keeps synthesised prompts (fixed prompts repeat on every call); bounded, thread-safe.</summary>
public sealed class PromptCache(ISynthesizer inner, int capacity = 2000) : ISynthesizer
{
    private readonly ConcurrentDictionary<string, Lazy<Task<SynthesizedPrompt>>> entries = new(StringComparer.Ordinal);
    private long hits;
    private long misses;

    public string Name => inner.Name;

    public long Hits => Interlocked.Read(ref hits);

    public long Misses => Interlocked.Read(ref misses);

    public async Task<SynthesizedPrompt> SynthesizeAsync(string text, CancellationToken ct)
    {
        if (entries.TryGetValue(text, out var found))
        {
            Interlocked.Increment(ref hits);
            return await found.Value;
        }

        Interlocked.Increment(ref misses);
        if (entries.Count >= capacity)
        {
            entries.Clear();   // simple and safe: prompts are cheap to make again
        }

        var entry = entries.GetOrAdd(text, t => new Lazy<Task<SynthesizedPrompt>>(() => inner.SynthesizeAsync(t, CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(ct);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            entries.TryRemove(text, out _);
            throw;
        }
    }
}

/// <summary>Reads the 16-bit PCM WAV espeak-ng writes (its data size field may be 0xFFFFFFFF when streaming).</summary>
public static class Wav
{
    public static (int Rate, short[] Pcm) Read(byte[] wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        if (wav.Length < 44 || Encoding.ASCII.GetString(wav, 0, 4) != "RIFF")
        {
            throw new InvalidDataException("WAV ではありません。");
        }

        var rate = BitConverter.ToInt32(wav, 24);
        var pos = 12;
        while (pos + 8 <= wav.Length)
        {
            var id = Encoding.ASCII.GetString(wav, pos, 4);
            var size = BitConverter.ToUInt32(wav, pos + 4);
            if (id == "data")
            {
                var start = pos + 8;
                var length = (int)Math.Min(size, (uint)(wav.Length - start)) / 2;
                var pcm = new short[length];
                Buffer.BlockCopy(wav, start, pcm, 0, length * 2);
                return (rate, pcm);
            }

            pos += 8 + (int)size;
        }

        throw new InvalidDataException("WAV に data がありません。");
    }
}
