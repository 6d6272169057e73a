// The browser softphone (/talk/staff/phone): the microphone speaks the Twilio Media Streams protocol
// to /talk/media-stream?channel=softphone, exactly like a carrier gateway (connected, start, media in
// 20 ms μ-law 8 kHz frames, dtmf, mark echoes, stop), and plays the μ-law audio that comes back,
// honouring `clear` (barge-in). Keys are sent as DTMF tones mixed into the audio (as on a real line)
// or as dtmf events. The transcript comes from the marks the endpoint adds for the softphone
// (say:N:TEXT, heard:TEXT, keys:DIGITS). External file only: the platform's CSP forbids inline script.
(() => {
  'use strict';
  const root = document.getElementById('softphone');
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const status = $('softphone-status');
  const transcript = $('softphone-transcript');
  const callButton = $('softphone-call');
  const hangupButton = $('softphone-hangup');
  const muteButton = $('softphone-mute');
  const keys = Array.from(root.querySelectorAll('[data-key]'));

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioWorkletNode || !window.WebSocket) {
    status.textContent = 'このブラウザではマイクの音声を扱えません。チャットか予約フォームをお使いください。';
    root.hidden = false;
    callButton.disabled = true;
    return;
  }
  root.hidden = false;

  const DTMF = {
    '1': [697, 1209], '2': [697, 1336], '3': [697, 1477],
    '4': [770, 1209], '5': [770, 1336], '6': [770, 1477],
    '7': [852, 1209], '8': [852, 1336], '9': [852, 1477],
    '*': [941, 1209], '0': [941, 1336], '#': [941, 1477],
  };
  const TONE_MS = 100;
  const GAP_MS = 80;

  let call = null;   // { ws, ctx, stream, micGain, toneGain, capture, playback, streamSid, callSid, seq, toneAt }
  let muted = false;

  function say(kind, text) {
    const item = document.createElement('li');
    const who = document.createElement('strong');
    who.textContent = kind + '：';
    item.appendChild(who);
    item.appendChild(document.createTextNode(text));
    transcript.appendChild(item);
  }

  function setStatus(text) { status.textContent = text; }

  function setInCall(active) {
    callButton.disabled = active;
    hangupButton.disabled = !active;
    for (const k of keys) k.disabled = !active;
    for (const input of root.querySelectorAll('fieldset input')) input.disabled = active;
  }

  function send(message) {
    if (call && call.ws.readyState === WebSocket.OPEN) {
      message.sequenceNumber = String(++call.seq);
      if (call.streamSid) message.streamSid = call.streamSid;
      call.ws.send(JSON.stringify(message));
    }
  }

  function toBase64(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary);
  }

  function muLawDecode(byte) {
    const u = ~byte & 0xff;
    const sign = u & 0x80;
    const exponent = (u >> 4) & 0x07;
    const mantissa = u & 0x0f;
    let sample = ((mantissa << 3) + 0x84) << exponent;
    sample -= 0x84;
    return (sign ? -sample : sample) / 32768;
  }

  function keyMode() {
    const checked = root.querySelector('input[name="softphone-keys"]:checked');
    return checked ? checked.value : 'tones';
  }

  function random(prefix) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function start() {
    setInCall(true);
    setStatus('マイクを準備しています…');
    transcript.replaceChildren();
    let ctx;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: false } });
      ctx = new AudioContext();
      await ctx.audioWorklet.addModule(root.dataset.worklet);
    } catch (error) {
      setStatus('マイクを使えませんでした（' + (error && error.name ? error.name : error) + '）。ブラウザの設定でマイクを許可してください。');
      if (stream) stream.getTracks().forEach((t) => t.stop());
      if (ctx) ctx.close();
      setInCall(false);
      return;
    }
    const source = ctx.createMediaStreamSource(stream);
    const micGain = ctx.createGain();
    micGain.gain.value = muted ? 0 : 1;
    const toneGain = ctx.createGain();
    const capture = new AudioWorkletNode(ctx, 'osakadx-capture', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
    const playback = new AudioWorkletNode(ctx, 'osakadx-playback', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
    source.connect(micGain).connect(capture);
    toneGain.connect(capture);
    playback.connect(ctx.destination);

    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(scheme + '//' + location.host + root.dataset.endpoint + '?channel=softphone');
    call = { ws, ctx, stream, micGain, toneGain, capture, playback, streamSid: random('MZ'), callSid: random('CA'), seq: 0, toneAt: 0, chunk: 0 };
    const current = call;

    capture.port.onmessage = (event) => {
      if (current !== call) return;
      send({ event: 'media', media: { track: 'inbound', chunk: String(++current.chunk), timestamp: String(current.chunk * 20), payload: toBase64(event.data) } });
    };
    playback.port.onmessage = (event) => {
      if (current !== call) return;
      send({ event: 'mark', mark: { name: event.data.mark } });
    };

    ws.onopen = () => {
      setStatus('通話中です。音声の案内に答えるか、ダイヤルボタンを押してください。');
      const from = $('softphone-from').value.trim();
      send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
      send({
        event: 'start',
        start: {
          streamSid: current.streamSid, callSid: current.callSid, accountSid: '', tracks: ['inbound'],
          customParameters: from ? { from } : {},
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      });
    };
    ws.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      switch (message.event) {
        case 'media': {
          const binary = atob(message.media.payload);
          const samples = new Float32Array(binary.length);
          for (let i = 0; i < binary.length; i++) samples[i] = muLawDecode(binary.charCodeAt(i));
          playback.port.postMessage({ samples });
          break;
        }
        case 'mark': {
          const name = message.mark && message.mark.name ? message.mark.name : '';
          const said = /^say:\d+:([\s\S]*)$/.exec(name);
          if (said) say('自動応答', said[1]);
          else if (name.startsWith('heard:')) say('聞き取り', name.slice(6) || '（聞き取れませんでした）');
          else if (name.startsWith('keys:')) say('ボタン', name.slice(5));
          playback.port.postMessage({ mark: name });   // echoed when played, as a carrier does
          break;
        }
        case 'clear':
          playback.port.postMessage({ clear: true });
          break;
        default:
          break;
      }
    };
    ws.onerror = () => setStatus('接続できませんでした。');
    ws.onclose = () => { if (current === call) end('通話が終わりました。'); };
  }

  function end(message) {
    const c = call;
    call = null;
    if (c) {
      c.stream.getTracks().forEach((t) => t.stop());
      c.ctx.close();
      if (c.ws.readyState === WebSocket.OPEN) c.ws.close(1000, 'hang up');
    }
    setInCall(false);
    setStatus(message);
  }

  function hangUp() {
    if (!call) return;
    send({ event: 'stop', stop: { accountSid: '', callSid: call.callSid } });
    end('電話を切りました。');
  }

  function press(key) {
    if (!call || !DTMF[key]) return;
    if (keyMode() === 'events') {
      send({ event: 'dtmf', dtmf: { track: 'inbound_track', digit: key } });
      return;
    }
    // Tones follow one another: each 100 ms, then 80 ms of pause, however fast the keys are pressed.
    const ctx = call.ctx;
    const at = Math.max(ctx.currentTime + 0.02, call.toneAt);
    for (const frequency of DTMF[key]) {
      const oscillator = ctx.createOscillator();
      oscillator.frequency.value = frequency;
      const gain = ctx.createGain();
      gain.gain.value = 0.25;    // about −12 dBFS per tone, well inside the detector's levels
      oscillator.connect(gain).connect(call.toneGain);
      oscillator.start(at);
      oscillator.stop(at + TONE_MS / 1000);
    }
    call.toneAt = at + (TONE_MS + GAP_MS) / 1000;
  }

  callButton.addEventListener('click', start);
  hangupButton.addEventListener('click', hangUp);
  muteButton.addEventListener('click', () => {
    muted = !muted;
    muteButton.setAttribute('aria-pressed', String(muted));   // the label stays; the pressed state says it is off
    if (call) call.micGain.gain.value = muted ? 0 : 1;
  });
  for (const k of keys) k.addEventListener('click', () => press(k.dataset.key));
  document.addEventListener('keydown', (event) => {
    // Digits, * and # on the keyboard press the keypad during a call (not while typing in a field).
    if (!call || event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    if (DTMF[event.key]) {
      event.preventDefault();
      press(event.key);
    }
  });
  window.addEventListener('pagehide', hangUp);
})();
