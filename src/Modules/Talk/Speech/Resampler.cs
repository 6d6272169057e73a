// Windowed-sinc resampling (Blackman window, 16 zero crossings each side at the lower of the two
// rates' Nyquist), for 8 → 16 kHz before Whisper and espeak-ng's 22.05 kHz → 8 kHz for the phone.
// Plain linear interpolation would alias espeak's upper band into the telephone band.
namespace OsakaDx.Modules.Talk.Speech;

public static class Resampler
{
    public static float[] Resample(ReadOnlySpan<float> input, int fromRate, int toRate)
    {
        if (fromRate == toRate || input.IsEmpty)
        {
            return input.ToArray();
        }

        var ratio = (double)toRate / fromRate;
        var cutoff = Math.Min(1.0, ratio) * 0.95;   // of the input Nyquist
        const int zeros = 16;
        var halfWidth = zeros / cutoff;              // in input samples
        var output = new float[(int)(input.Length * ratio)];
        for (var n = 0; n < output.Length; n++)
        {
            var t = n / ratio;
            var first = (int)Math.Ceiling(t - halfWidth);
            var last = (int)Math.Floor(t + halfWidth);
            double sum = 0;
            for (var k = Math.Max(0, first); k <= Math.Min(input.Length - 1, last); k++)
            {
                var x = k - t;
                var w = 0.42 + (0.5 * Math.Cos(Math.PI * x / halfWidth)) + (0.08 * Math.Cos(2 * Math.PI * x / halfWidth));
                var arg = Math.PI * x * cutoff;
                var sinc = Math.Abs(arg) < 1e-9 ? 1 : Math.Sin(arg) / arg;
                sum += input[k] * cutoff * sinc * w;
            }

            output[n] = (float)sum;
        }

        return output;
    }

    public static float[] ToFloat(ReadOnlySpan<short> pcm)
    {
        var f = new float[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            f[i] = pcm[i] / 32768f;
        }

        return f;
    }

    public static short[] ToPcm(ReadOnlySpan<float> samples)
    {
        var s = new short[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            s[i] = (short)Math.Clamp(samples[i] * 32767f, short.MinValue, short.MaxValue);
        }

        return s;
    }
}
