// The game's sounds, synthesized when played from oscillators, filtered noise and short
// envelopes: nothing to download, and no recording whose licence would need keeping.

export const SOUND_KINDS = [
  "fire", "remoteFire", "hitMarker", "hurt", "kill", "pickup", "dash", "countdown", "matchStart", "matchEnd",
] as const;
/**
 * fire: the own shot; remoteFire: someone else's shot nearby; hitMarker: the own shot landed;
 * hurt: the own player was hit; kill: the own player's kill; countdown: each second before play;
 * matchStart: play begins; matchEnd: the results.
 */
export type SoundKind = (typeof SOUND_KINDS)[number];

/** Where one effect plays: the context, what it feeds, when (the context's clock), how loud, and the shared noise. */
export interface Voice {
  ctx: BaseAudioContext;
  out: AudioNode;
  at: number;
  gain: number;
  noise: AudioBuffer;
}

/** How long each effect sounds, in seconds: what a voice is held for. */
export const SOUND_SECONDS: Readonly<Record<SoundKind, number>> = {
  fire: 0.1,
  remoteFire: 0.09,
  hitMarker: 0.07,
  hurt: 0.24,
  kill: 0.32,
  pickup: 0.3,
  dash: 0.2,
  countdown: 0.16,
  matchStart: 0.4,
  matchEnd: 0.8,
};

/** Schedules one effect. */
export function playEffect(kind: SoundKind, v: Voice): void {
  switch (kind) {
    case "fire": // a bright zap dropping in pitch, with a click of noise
      tone(v, "square", 760, 180, 0, 0.09, 0.12);
      noise(v, "highpass", 1800, 1800, 0, 0.05, 0.1);
      break;
    case "remoteFire": // the same, duller and lower: someone else's
      tone(v, "triangle", 520, 140, 0, 0.08, 0.16);
      noise(v, "bandpass", 1200, 900, 0, 0.05, 0.08);
      break;
    case "hitMarker": // a dry tick
      tone(v, "sine", 1900, 1600, 0, 0.06, 0.22);
      tone(v, "square", 3200, 3200, 0, 0.02, 0.03);
      break;
    case "hurt": // a low thump
      tone(v, "sine", 170, 55, 0, 0.22, 0.5);
      noise(v, "lowpass", 900, 200, 0, 0.15, 0.3);
      break;
    case "kill": // two notes up
      tone(v, "triangle", 660, 660, 0, 0.11, 0.24);
      tone(v, "triangle", 990, 990, 0.09, 0.23, 0.24);
      break;
    case "pickup": // a quick rising arpeggio
      tone(v, "sine", 523, 523, 0, 0.09, 0.2);
      tone(v, "sine", 784, 784, 0.06, 0.09, 0.2);
      tone(v, "sine", 1047, 1047, 0.12, 0.18, 0.2);
      break;
    case "dash": // a whoosh: noise swept upward
      noise(v, "bandpass", 450, 2600, 0, 0.2, 0.45, 1.4);
      break;
    case "countdown":
      tone(v, "triangle", 440, 440, 0, 0.15, 0.28);
      break;
    case "matchStart": // the countdown's note an octave up, held
      tone(v, "triangle", 880, 880, 0, 0.38, 0.3);
      tone(v, "sine", 1320, 1320, 0, 0.3, 0.08);
      break;
    case "matchEnd": // a closing chime: four notes up
      [523, 659, 784, 1047].forEach((hz, i) => tone(v, "triangle", hz, hz, i * 0.12, i === 3 ? 0.44 : 0.14, 0.22));
      break;
  }
}

/** One second of white noise, made once per context and shared by every effect. */
export function createNoise(ctx: BaseAudioContext): AudioBuffer {
  const buffer = ctx.createBuffer(1, ctx.sampleRate, ctx.sampleRate);
  const data = buffer.getChannelData(0);
  for (let i = 0; i < data.length; i++) data[i] = Math.random() * 2 - 1;
  return buffer;
}

const ATTACK_S = 0.004;
/** Exponential ramps cannot reach 0: this is silence. */
const SILENT = 0.0001;

/** A fast attack to `peak`, then an exponential fade to silence over the rest of `length`. */
function envelope(v: Voice, start: number, length: number, peak: number): GainNode {
  const env = v.ctx.createGain();
  const t = v.at + start;
  env.gain.setValueAtTime(0, t);
  env.gain.linearRampToValueAtTime(Math.max(SILENT, peak * v.gain), t + ATTACK_S);
  env.gain.exponentialRampToValueAtTime(SILENT, t + length);
  env.connect(v.out);
  return env;
}

/** An oscillator gliding from `fromHz` to `toHz` over `length` seconds, starting `start` after the voice. */
function tone(v: Voice, type: OscillatorType, fromHz: number, toHz: number, start: number, length: number, peak: number): void {
  const t = v.at + start;
  const osc = v.ctx.createOscillator();
  osc.type = type;
  osc.frequency.setValueAtTime(fromHz, t);
  if (toHz !== fromHz) osc.frequency.exponentialRampToValueAtTime(toHz, t + length);
  osc.connect(envelope(v, start, length, peak));
  osc.start(t);
  osc.stop(t + length + 0.02);
}

/** Noise through a filter whose frequency sweeps from `fromHz` to `toHz`. */
function noise(v: Voice, type: BiquadFilterType, fromHz: number, toHz: number, start: number, length: number, peak: number, q = 1): void {
  const t = v.at + start;
  const source = v.ctx.createBufferSource();
  source.buffer = v.noise;
  const filter = v.ctx.createBiquadFilter();
  filter.type = type;
  filter.Q.value = q;
  filter.frequency.setValueAtTime(fromHz, t);
  if (toHz !== fromHz) filter.frequency.exponentialRampToValueAtTime(toHz, t + length);
  source.connect(filter).connect(envelope(v, start, length, peak));
  // A different stretch of the buffer each time, so repeats do not sound identical.
  source.start(t, Math.random() * 0.5);
  source.stop(t + length + 0.02);
}
