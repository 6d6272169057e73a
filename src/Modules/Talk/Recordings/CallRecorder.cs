// Records one call, both directions mixed into one 8 kHz mono track, when recording is switched on
// (OsakaDx:Talk:Recording:Enabled). The caller's audio arrives in real time and sets the clock; each
// frame of the system's audio is placed where the carrier plays it: right after the previous one,
// or "now" (the caller audio received so far) when the line was silent. A barge-in (`clear`) makes
// the carrier drop what it has not played yet, so the recording drops it too.
using OsakaDx.Modules.Talk.Telephony;

namespace OsakaDx.Modules.Talk.Recordings;

public sealed class CallRecorder(int maxSeconds = 3600)
{
    private const int Rate = 8000;
    private readonly List<short> inbound = [];
    private readonly List<short> outbound = [];
    private readonly Lock gate = new();
    private int outboundEnd;

    public int MaxSamples { get; } = maxSeconds * Rate;

    /// <summary>Caller audio (16-bit PCM 8 kHz), in the order received.</summary>
    public void Inbound(ReadOnlySpan<short> pcm)
    {
        lock (gate)
        {
            var room = Math.Max(0, MaxSamples - inbound.Count);
            var take = Math.Min(room, pcm.Length);
            for (var i = 0; i < take; i++)
            {
                inbound.Add(pcm[i]);
            }
        }
    }

    /// <summary>System audio (μ-law 8 kHz) at the moment it is sent to the carrier.</summary>
    public void Outbound(ReadOnlySpan<byte> muLaw)
    {
        var pcm = MuLaw.Decode(muLaw);
        lock (gate)
        {
            var at = Math.Max(outboundEnd, inbound.Count);
            if (at + pcm.Length > MaxSamples)
            {
                return;
            }

            while (outbound.Count < at + pcm.Length)
            {
                outbound.Add(0);
            }

            for (var i = 0; i < pcm.Length; i++)
            {
                outbound[at + i] = pcm[i];
            }

            outboundEnd = at + pcm.Length;
        }
    }

    /// <summary>The carrier was told to clear: audio queued beyond "now" was never played.</summary>
    public void Cleared()
    {
        lock (gate)
        {
            var now = inbound.Count;
            if (outbound.Count > now)
            {
                outbound.RemoveRange(now, outbound.Count - now);
            }

            outboundEnd = Math.Min(outboundEnd, now);
        }
    }

    public TimeSpan Length
    {
        get
        {
            lock (gate)
            {
                return TimeSpan.FromSeconds(Math.Max(inbound.Count, outboundEnd) / (double)Rate);
            }
        }
    }

    /// <summary>The mixed call as 16-bit PCM 8 kHz mono (sum of both sides, clipped).</summary>
    public short[] Mix()
    {
        lock (gate)
        {
            var length = Math.Max(inbound.Count, outboundEnd);
            var mixed = new short[length];
            for (var i = 0; i < length; i++)
            {
                var a = i < inbound.Count ? inbound[i] : 0;
                var b = i < outbound.Count ? outbound[i] : 0;
                mixed[i] = (short)Math.Clamp(a + b, short.MinValue, short.MaxValue);
            }

            return mixed;
        }
    }

    /// <summary>A RIFF/WAVE file: PCM, 16 bit, 8 kHz, mono.</summary>
    public static byte[] Wav(ReadOnlySpan<short> pcm)
    {
        var data = pcm.Length * 2;
        var bytes = new byte[44 + data];
        using var w = new BinaryWriter(new MemoryStream(bytes));
        w.Write("RIFF"u8);
        w.Write(36 + data);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(16);
        w.Write((short)1);      // PCM
        w.Write((short)1);      // mono
        w.Write(Rate);
        w.Write(Rate * 2);      // bytes per second
        w.Write((short)2);      // block align
        w.Write((short)16);     // bits per sample
        w.Write("data"u8);
        w.Write(data);
        foreach (var s in pcm)
        {
            w.Write(s);
        }

        return bytes;
    }
}
