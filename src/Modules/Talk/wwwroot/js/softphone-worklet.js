// Audio worklets of the softphone (/talk/staff/phone), loaded by softphone.js.
// osakadx-capture: microphone (+ keypad tones) at the context rate → low-pass → 8 kHz → G.711 μ-law,
//   posted to the page in 20 ms frames (160 bytes), as a carrier would send them.
// osakadx-playback: μ-law decoded by the page (8 kHz floats) → the context rate; "mark" entries are
//   reported back when playback reaches them; "clear" drops everything not yet played (barge-in).

const TELEPHONE_RATE = 8000;
const FRAME = 160;

function muLawEncode(sample) {
  // sample: float -1..1 → 8-bit μ-law (bias 0x84, clip 32635), as in ITU-T G.711.
  let s = Math.max(-1, Math.min(1, sample)) * 32767;
  s = Math.round(s);
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > 32635) s = 32635;
  s += 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TELEPHONE_RATE;         // input samples per output sample (6 at 48 kHz)
    // Windowed-sinc low-pass at 3.4 kHz (telephone band) so nothing above 4 kHz folds back.
    const taps = 63;
    const cutoff = 3400 / sampleRate;
    this.kernel = new Float32Array(taps);
    let sum = 0;
    for (let i = 0; i < taps; i++) {
      const m = i - (taps - 1) / 2;
      const sinc = m === 0 ? 2 * Math.PI * cutoff : Math.sin(2 * Math.PI * cutoff * m) / m;
      const window = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
      this.kernel[i] = sinc * window;
      sum += this.kernel[i];
    }
    for (let i = 0; i < taps; i++) this.kernel[i] /= sum;
    this.history = new Float32Array(taps);
    this.historyPos = 0;
    this.filtered = [];        // filtered samples at the context rate, not yet consumed
    this.position = 0;         // fractional read position in `filtered`
    this.frame = new Uint8Array(FRAME);
    this.frameFill = 0;
  }

  filter(x) {
    const taps = this.kernel.length;
    this.history[this.historyPos] = x;
    let acc = 0;
    let h = this.historyPos;
    for (let i = 0; i < taps; i++) {
      acc += this.kernel[i] * this.history[h];
      h = h === 0 ? taps - 1 : h - 1;
    }
    this.historyPos = (this.historyPos + 1) % taps;
    return acc;
  }

  process(inputs) {
    const input = inputs[0];
    const channel = input && input.length > 0 ? input[0] : null;
    const length = channel ? channel.length : 128;
    for (let i = 0; i < length; i++) {
      this.filtered.push(this.filter(channel ? channel[i] : 0));
    }
    // Linear interpolation at the 8 kHz sample instants.
    while (this.position + 1 < this.filtered.length) {
      const k = Math.floor(this.position);
      const t = this.position - k;
      const value = this.filtered[k] * (1 - t) + this.filtered[k + 1] * t;
      this.frame[this.frameFill++] = muLawEncode(value);
      if (this.frameFill === FRAME) {
        this.port.postMessage(this.frame.slice(0));
        this.frameFill = 0;
      }
      this.position += this.step;
    }
    const consumed = Math.floor(this.position);
    this.filtered.splice(0, consumed);
    this.position -= consumed;
    return true;
  }
}

class PlaybackProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = TELEPHONE_RATE / sampleRate;         // 8 kHz samples per output sample
    this.queue = [];          // entries: { samples: Float32Array } or { mark: string }
    this.offset = 0;          // fractional position in the first audio entry
    this.last = 0;
    this.port.onmessage = (event) => {
      const data = event.data;
      if (data.clear) {
        // Barge-in: drop what was not played; marks still queued are answered at once (as Twilio does).
        for (const entry of this.queue) {
          if (entry.mark !== undefined) this.port.postMessage({ mark: entry.mark });
        }
        this.queue = [];
        this.offset = 0;
      } else if (data.mark !== undefined) {
        this.queue.push({ mark: data.mark });
      } else if (data.samples) {
        this.queue.push({ samples: data.samples });
      }
    };
  }

  process(_inputs, outputs) {
    const out = outputs[0][0];
    for (let i = 0; i < out.length; i++) {
      // Report marks reached.
      while (this.queue.length > 0 && this.queue[0].mark !== undefined) {
        this.port.postMessage({ mark: this.queue.shift().mark });
      }
      if (this.queue.length === 0) {
        out[i] = 0;
        continue;
      }
      const samples = this.queue[0].samples;
      const k = Math.floor(this.offset);
      const t = this.offset - k;
      const next = k + 1 < samples.length ? samples[k + 1] : samples[k];
      out[i] = samples[k] * (1 - t) + next * t;
      this.offset += this.step;
      if (this.offset >= samples.length) {
        this.offset -= samples.length;
        this.queue.shift();
        if (this.queue.length > 0 && this.queue[0].samples === undefined) this.offset = 0;
      }
    }
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    return true;
  }
}

registerProcessor('osakadx-capture', CaptureProcessor);
registerProcessor('osakadx-playback', PlaybackProcessor);
