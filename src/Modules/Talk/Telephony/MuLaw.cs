// G.711 μ-law (PCMU), the audio of the Japanese telephone network and of Twilio Media Streams:
// 8 kHz, one byte per sample. Written here because no G.711 package is served; the classic
// Sun/ITU reference algorithm with bias 0x84 (132) and clip 32635, checked against known values.
namespace OsakaDx.Modules.Talk.Telephony;

public static class MuLaw
{
    private const int Bias = 0x84;
    private const int Clip = 32635;

    private static readonly short[] DecodeTable = BuildDecodeTable();

    public static byte Encode(short sample)
    {
        int pcm = sample;
        var sign = (pcm >> 8) & 0x80;
        if (sign != 0)
        {
            pcm = -pcm;
        }

        if (pcm > Clip)
        {
            pcm = Clip;
        }

        pcm += Bias;
        var exponent = 7;
        for (var mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    public static short Decode(byte value) => DecodeTable[value];

    public static byte[] Encode(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length];
        for (var i = 0; i < samples.Length; i++)
        {
            bytes[i] = Encode(samples[i]);
        }

        return bytes;
    }

    public static short[] Decode(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            samples[i] = DecodeTable[bytes[i]];
        }

        return samples;
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            var u = ~i & 0xFF;
            var sign = u & 0x80;
            var exponent = (u >> 4) & 0x07;
            var mantissa = u & 0x0F;
            var magnitude = (((mantissa << 3) + Bias) << exponent) - Bias;
            table[i] = (short)(sign != 0 ? -magnitude : magnitude);
        }

        return table;
    }
}
