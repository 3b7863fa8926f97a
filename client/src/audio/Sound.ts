import { createNoise, playEffect, SOUND_KINDS, SOUND_SECONDS, type SoundKind } from "./effects.ts";
import { masterGain, REMOTE_SHOT_VOICES, VoiceLimiter } from "./mix.ts";

export interface VolumeSettings {
  /** 0..1 */
  volume: number;
  muted: boolean;
}

/** What the page played: effects asked for, and the ones that actually sounded. */
export interface SoundReadout {
  /** Whether audio has started (after the first gesture on the page). */
  started: boolean;
  requested: Record<SoundKind, number>;
  played: Record<SoundKind, number>;
}

/**
 * Input that lets a page start audio. A gesture only counts when the browser says the page
 * has just been activated by it (Esc, for one, does not), so starting never draws the
 * browser's warning.
 */
const GESTURES = ["pointerdown", "keydown", "touchstart", "touchend"] as const;
/** How quickly a volume change takes effect (time constant, s): fast, without a click. */
const VOLUME_GLIDE_S = 0.015;

const noCounts = () => Object.fromEntries(SOUND_KINDS.map((kind) => [kind, 0])) as Record<SoundKind, number>;

/**
 * The game's sound: one AudioContext, created on the page's first gesture and never before,
 * a master gain (volume and mute) through a limiter, and one synthesized effect per kind.
 * Before the first gesture, and while muted, effects are counted as asked for and not played.
 */
export class Sound {
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private noise: AudioBuffer | null = null;
  private readonly voices = new VoiceLimiter();
  private gain: number;
  private readonly requested = noCounts();
  private readonly played = noCounts();

  constructor(private readonly win: Window, settings: VolumeSettings) {
    this.gain = masterGain(settings.volume, settings.muted);
    for (const type of GESTURES) win.addEventListener(type, this.onGesture, { capture: true, passive: true });
  }

  configure(settings: VolumeSettings): void {
    this.gain = masterGain(settings.volume, settings.muted);
    if (this.context && this.master) this.master.gain.setTargetAtTime(this.gain, this.context.currentTime, VOLUME_GLIDE_S);
  }

  /** Plays an effect at `gain` times its usual loudness (0: not at all, not even counted). */
  play(kind: SoundKind, gain = 1): void {
    if (!(gain > 0)) return;
    this.requested[kind]++;
    const { context: ctx, master, noise } = this;
    if (!ctx || !master || !noise || this.gain === 0) return;
    const limit = kind === "remoteFire" ? REMOTE_SHOT_VOICES : undefined;
    if (!this.voices.admit(kind, ctx.currentTime, SOUND_SECONDS[kind], limit)) return;
    playEffect(kind, { ctx, out: master, at: ctx.currentTime, gain, noise });
    this.played[kind]++;
  }

  readout(): SoundReadout {
    return { started: this.context !== null, requested: { ...this.requested }, played: { ...this.played } };
  }

  private readonly onGesture = () => {
    if (this.win.navigator.userActivation?.isActive === false) return;
    if (!this.context) this.start();
    else if (this.context.state === "suspended") void this.context.resume().catch(() => {});
  };

  private start(): void {
    const AudioContextClass = (this.win as Window & typeof globalThis).AudioContext as typeof AudioContext | undefined;
    if (!AudioContextClass) return this.stopListening(); // no Web Audio: a silent game
    const ctx = new AudioContextClass();
    const master = ctx.createGain();
    master.gain.value = this.gain;
    // Many effects at once are squeezed rather than clipped.
    const limiter = ctx.createDynamicsCompressor();
    limiter.threshold.value = -10;
    limiter.ratio.value = 8;
    master.connect(limiter).connect(ctx.destination);
    this.context = ctx;
    this.master = master;
    this.noise = createNoise(ctx);
    // Listen on until audio runs: a browser may hold it until a later gesture.
    const settle = () => { if (ctx.state === "running") this.stopListening(); };
    ctx.addEventListener("statechange", settle);
    settle();
  }

  private stopListening(): void {
    for (const type of GESTURES) this.win.removeEventListener(type, this.onGesture, { capture: true });
  }
}
