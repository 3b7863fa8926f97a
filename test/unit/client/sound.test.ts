import assert from "node:assert/strict";
import { MatchPhase } from "../../../shared/protocol.ts";
import { PICKUP_RADIUS_U, PLAYER_RADIUS_U } from "../../../shared/constants.ts";
import { PhaseCues, tookPickup } from "../../../client/src/audio/cues.ts";
import { SOUND_KINDS } from "../../../client/src/audio/effects.ts";
import { HEARD_SHOT_RANGE_U, heardShotGain, masterGain, MAX_VOICES, REMOTE_SHOT_VOICES, SAME_EFFECT_GAP_S, VoiceLimiter } from "../../../client/src/audio/mix.ts";
import { Sound } from "../../../client/src/audio/Sound.ts";

describe("sound mix", () => {
  it("hears others' shots only nearby, quieter with distance", () => {
    assert.ok(heardShotGain(0) > heardShotGain(300));
    assert.ok(heardShotGain(300) > heardShotGain(800));
    assert.ok(heardShotGain(0) < 1, "never as loud as the own shot");
    assert.equal(heardShotGain(HEARD_SHOT_RANGE_U), 0);
    assert.equal(heardShotGain(5000), 0);
    assert.equal(heardShotGain(Number.NaN), 0);
  });

  it("turns the volume slider into a gain, 0 when muted", () => {
    assert.equal(masterGain(1, false), 1);
    assert.equal(masterGain(0.5, false), 0.25);
    assert.equal(masterGain(0, false), 0);
    assert.equal(masterGain(1, true), 0);
  });

  it("caps the effects sounding at once, and frees a voice when its effect ends", () => {
    const voices = new VoiceLimiter();
    for (let i = 0; i < MAX_VOICES; i++) assert.ok(voices.admit(`kind${i}`, 0, 0.5));
    assert.equal(voices.admit("another", 0, 0.5), false, "all voices busy");
    assert.ok(voices.admit("another", 0.6, 0.5), "free again once the first ones ended");
  });

  it("lets others' shots take only their share, so the own sounds find room", () => {
    const voices = new VoiceLimiter();
    let admitted = 0;
    for (let i = 0; i < 30; i++) if (voices.admit("remoteFire", i * SAME_EFFECT_GAP_S, 1, REMOTE_SHOT_VOICES)) admitted++;
    assert.equal(admitted, REMOTE_SHOT_VOICES, "30 players firing make 3 voices");
    assert.ok(voices.admit("fire", 1, 0.1), "the own shot still plays");
  });

  it("hears one effect started twice in the same instant once", () => {
    const voices = new VoiceLimiter();
    assert.ok(voices.admit("fire", 1, 0.1));
    assert.equal(voices.admit("fire", 1 + SAME_EFFECT_GAP_S / 2, 0.1), false);
    assert.ok(voices.admit("hitMarker", 1, 0.1), "another effect at once is fine");
    assert.ok(voices.admit("fire", 1 + SAME_EFFECT_GAP_S, 0.1));
  });
});

describe("sound cues", () => {
  it("beeps each second of the countdown, then sounds the start and the end", () => {
    const cues = new PhaseCues();
    const heard = ([[MatchPhase.WAITING, 20], [MatchPhase.WAITING, 19], [MatchPhase.COUNTDOWN, 3], [MatchPhase.COUNTDOWN, 3], [MatchPhase.COUNTDOWN, 2],
      [MatchPhase.COUNTDOWN, 1], [MatchPhase.PLAYING, 300], [MatchPhase.PLAYING, 299], [MatchPhase.RESULTS, 10], [MatchPhase.RESULTS, 9],
      [MatchPhase.WAITING, 20]] as const).map(([phase, left]) => cues.next(phase, left));
    assert.deepEqual(heard, [null, null, "countdown", null, "countdown", "countdown", "matchStart", null, "matchEnd", null, null]);
  });

  it("is silent when joining in the middle of a phase", () => {
    assert.equal(new PhaseCues().next(MatchPhase.COUNTDOWN, 2), null);
    assert.equal(new PhaseCues().next(MatchPhase.RESULTS, 5), null);
  });

  it("credits a vanished pickup to the own player only when it stood on it, alive", () => {
    const reach = PICKUP_RADIUS_U + PLAYER_RADIUS_U;
    assert.ok(tookPickup({ x: 100 + reach, y: 100, alive: true }, { x: 100, y: 100 }));
    assert.equal(tookPickup({ x: 100 + reach + 100, y: 100, alive: true }, { x: 100, y: 100 }), false);
    assert.equal(tookPickup({ x: 100, y: 100, alive: false }, { x: 100, y: 100 }), false);
  });
});

/** Just enough of the Web Audio API to count what a Sound creates. */
class FakeAudioContext {
  static created = 0;
  readonly state = "running";
  readonly sampleRate = 8000;
  currentTime = 0;
  readonly destination = fakeNode();
  constructor() {
    FakeAudioContext.created++;
  }
  createGain = fakeNode;
  createOscillator = fakeNode;
  createBufferSource = fakeNode;
  createBiquadFilter = fakeNode;
  createDynamicsCompressor = fakeNode;
  createBuffer = (_channels: number, length: number) => ({ getChannelData: () => new Float32Array(length) });
  addEventListener() {}
  resume = () => Promise.resolve();
}

function fakeNode(): any {
  const param = () => ({ value: 0, setValueAtTime() {}, linearRampToValueAtTime() {}, exponentialRampToValueAtTime() {}, setTargetAtTime() {} });
  return {
    gain: param(), frequency: param(), Q: param(), threshold: param(), ratio: param(),
    connect: (next: unknown) => next, start() {}, stop() {},
  };
}

/** A page: its events, whether the browser counts the latest input as activation, and the fake AudioContext. */
function fakePage() {
  const page = Object.assign(new EventTarget(), { AudioContext: FakeAudioContext, navigator: { userActivation: { isActive: false } } });
  return { win: page as unknown as Window, activation: page.navigator.userActivation };
}

describe("Sound", () => {
  beforeEach(() => { FakeAudioContext.created = 0; });

  it("starts no audio before the first gesture, and only counts what was asked for", () => {
    const { win } = fakePage();
    const sound = new Sound(win, { volume: 1, muted: false });
    sound.play("hurt");
    sound.play("countdown");
    const readout = sound.readout();
    assert.equal(FakeAudioContext.created, 0);
    assert.equal(readout.started, false);
    assert.equal(readout.requested.hurt, 1);
    assert.ok(SOUND_KINDS.every((kind) => readout.played[kind] === 0));
  });

  it("waits for a gesture the browser counts as activation (not Esc), then plays", () => {
    const { win, activation } = fakePage();
    const sound = new Sound(win, { volume: 1, muted: false });
    win.dispatchEvent(new Event("keydown"));
    assert.equal(FakeAudioContext.created, 0, "a key that does not activate the page starts nothing");
    activation.isActive = true;
    win.dispatchEvent(new Event("pointerdown"));
    win.dispatchEvent(new Event("keydown"));
    assert.equal(FakeAudioContext.created, 1, "one context for the page");
    sound.play("fire");
    assert.equal(sound.readout().played.fire, 1);
    assert.equal(sound.readout().started, true);
  });

  it("plays nothing while muted or at zero volume, and nothing for a shot out of earshot", () => {
    const { win, activation } = fakePage();
    activation.isActive = true;
    const sound = new Sound(win, { volume: 1, muted: true });
    win.dispatchEvent(new Event("touchend"));
    sound.play("kill");
    sound.configure({ volume: 0, muted: false });
    sound.play("kill");
    sound.configure({ volume: 0.5, muted: false });
    sound.play("remoteFire", heardShotGain(HEARD_SHOT_RANGE_U * 2));
    const { requested, played } = sound.readout();
    assert.deepEqual([requested.kill, played.kill], [2, 0]);
    assert.equal(requested.remoteFire, 0, "out of earshot is not even asked for");
    sound.play("kill");
    assert.equal(sound.readout().played.kill, 1);
  });
});
