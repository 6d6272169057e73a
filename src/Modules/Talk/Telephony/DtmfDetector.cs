// DTMF (push-button) digits found in the audio itself, for carriers and gateways that do not
// signal them separately. Goertzel filters over N = 205 samples (25.6 ms at 8 kHz), recomputed
// every 32 samples (4 ms) so that a 30 ms pause always contains one block without tone.
// Tolerances of 事業用電気通信設備規則 別表第3号: frequency deviation ±1.5 %, the two tones within
// 5 dB of each other (low ≤ high), tone ≥ 50 ms, pause ≥ 30 ms. Each nominal frequency is
// measured on a small grid across ±1.5 % (a plain Goertzel at the nominal frequency loses 7 dB at
// 1633 Hz + 1.5 %). A digit needs: both groups' strongest tone above the level floor, 6 dB above
// the others of its group, the pair holding ≥ 75 % of the block's energy (speech spreads its
// energy over many harmonics), twist within −4…+8 dB, and the same digit in 4 blocks in a row
// (≈ 38 ms). It ends when a block no longer holds the pair (hysteresis: ≥ 40 %).
namespace OsakaDx.Modules.Talk.Telephony;

public sealed class DtmfDetector
{
    public const int BlockSize = 205;
    public const int Hop = 32;
    public const int SampleRate = 8000;

    private static readonly double[] Low = [697, 770, 852, 941];
    private static readonly double[] High = [1209, 1336, 1477, 1633];
    private static readonly char[,] Keys =
    {
        { '1', '2', '3', 'A' },
        { '4', '5', '6', 'B' },
        { '7', '8', '9', 'C' },
        { '*', '0', '#', 'D' },
    };

    private static readonly double[] GridOffsets = [-0.0125, -0.00625, 0, 0.00625, 0.0125];

    // Coefficients 2cos(2πf/fs): [tone index 0..7][grid point].
    private static readonly double[][] Coefficients = [.. Low.Concat(High).Select(f => GridOffsets.Select(o => 2 * Math.Cos(2 * Math.PI * f * (1 + o) / SampleRate)).ToArray())];

    private readonly float[] ring = new float[BlockSize];
    private readonly float[] block = new float[BlockSize];
    private readonly double[] power = new double[8];
    private int ringPos;
    private long samples;
    private int sinceBlock;
    private char candidate;
    private int candidateBlocks;
    private char active;

    /// <summary>Minimum amplitude of each tone, as a fraction of full scale (0.01 ≈ −37 dBm0).</summary>
    public double MinToneAmplitude { get; init; } = 0.01;

    /// <summary>Blocks in a row that must agree before a digit is reported.</summary>
    public int ConfirmBlocks { get; init; } = 4;

    /// <summary>True while a tone is being heard (a digit has been reported and has not ended).</summary>
    public bool ToneActive => active != '\0';

    /// <summary>Samples seen so far.</summary>
    public long SamplesSeen => samples;

    /// <summary>Feeds audio; calls <paramref name="onDigit"/> once per key press, when it is confirmed.</summary>
    public void Process(ReadOnlySpan<short> pcm, Action<char> onDigit)
    {
        ArgumentNullException.ThrowIfNull(onDigit);
        foreach (var s in pcm)
        {
            ring[ringPos] = s / 32768f;
            ringPos = (ringPos + 1) % BlockSize;
            samples++;
            if (++sinceBlock < Hop || samples < BlockSize)
            {
                continue;
            }

            sinceBlock = 0;
            Step(onDigit);
        }
    }

    private void Step(Action<char> onDigit)
    {
        for (var i = 0; i < BlockSize; i++)
        {
            block[i] = ring[(ringPos + i) % BlockSize];
        }

        double energy = 0;
        foreach (var x in block)
        {
            energy += x * x;
        }

        // Two tones at the level floor carry A²·N of energy; a block with far less (silence, line
        // noise, pauses between words) cannot hold a key, so the 40 Goertzel filters are skipped.
        if (energy < MinToneAmplitude * MinToneAmplitude * BlockSize / 8)
        {
            Release();
            return;
        }

        for (var t = 0; t < 8; t++)
        {
            power[t] = GridMax(Coefficients[t]);
        }

        if (active != '\0')
        {
            // Hysteresis: the active digit holds while its own pair still carries the block.
            var (r, c) = Position(active);
            if (Fraction(power[r], power[4 + c], energy) < 0.4 || Amplitude(power[r]) < MinToneAmplitude / 2 || Amplitude(power[4 + c]) < MinToneAmplitude / 2)
            {
                Release();
            }

            return;
        }

        var digit = Classify(energy);
        if (digit == '\0')
        {
            candidate = '\0';
            candidateBlocks = 0;
            return;
        }

        if (digit == candidate)
        {
            candidateBlocks++;
        }
        else
        {
            candidate = digit;
            candidateBlocks = 1;
        }

        if (candidateBlocks >= ConfirmBlocks)
        {
            active = digit;
            onDigit(digit);
        }
    }

    private void Release()
    {
        active = '\0';
        candidate = '\0';
        candidateBlocks = 0;
    }

    private char Classify(double energy)
    {
        var row = Strongest(0);
        var col = Strongest(4);
        var low = power[row];
        var high = power[4 + col];
        if (Amplitude(low) < MinToneAmplitude || Amplitude(high) < MinToneAmplitude)
        {
            return '\0';
        }

        // Each tone 6 dB (×4 in power) above the others of its group.
        for (var t = 0; t < 4; t++)
        {
            if ((t != row && power[t] * 4 > low) || (t != col && power[4 + t] * 4 > high))
            {
                return '\0';
            }
        }

        var twist = 10 * Math.Log10(high / low);
        if (twist is < -4 or > 8)
        {
            return '\0';
        }

        return Fraction(low, high, energy) < 0.75 ? '\0' : Keys[row, col];
    }

    private int Strongest(int offset)
    {
        var best = offset;
        for (var t = offset + 1; t < offset + 4; t++)
        {
            if (power[t] > power[best])
            {
                best = t;
            }
        }

        return best - offset;
    }

    // A sine of amplitude A over N samples gives |X|² ≈ (A·N/2)² and carries A²·N/2 of energy.
    private static double Fraction(double low, double high, double energy) => 2 * (low + high) / BlockSize / energy;

    private static double Amplitude(double p) => 2 * Math.Sqrt(p) / BlockSize;

    private double GridMax(double[] coefficients)
    {
        double best = 0;
        foreach (var coeff in coefficients)
        {
            double s1 = 0, s2 = 0;
            for (var i = 0; i < BlockSize; i++)
            {
                var s0 = block[i] + (coeff * s1) - s2;
                s2 = s1;
                s1 = s0;
            }

            var p = (s1 * s1) + (s2 * s2) - (coeff * s1 * s2);
            if (p > best)
            {
                best = p;
            }
        }

        return best;
    }

    private static (int Row, int Col) Position(char digit)
    {
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                if (Keys[r, c] == digit)
                {
                    return (r, c);
                }
            }
        }

        return (0, 0);
    }

    /// <summary>The two frequencies of a key (for generating tones in tests, the benchmark and the softphone).</summary>
    public static (double Low, double High) Frequencies(char digit)
    {
        var (r, c) = Position(char.ToUpperInvariant(digit));
        return Keys[r, c] == char.ToUpperInvariant(digit) ? (Low[r], High[c]) : throw new ArgumentException($"「{digit}」はプッシュボタンの文字ではありません。", nameof(digit));
    }
}
