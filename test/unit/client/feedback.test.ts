// Combat feedback decided without Phaser: hit markers, the hurt flash, who killed you, low health, the kill cam.
import assert from "node:assert/strict";
import { LOW_HEALTH_WARNING, MIN_PLAYERS_TO_START, PROJECTILE_DAMAGE, TICK_HZ } from "../../../shared/constants.ts";
import { MatchPhase } from "../../../shared/protocol.ts";
import {
  CameraFollow, CombatFeedback, flashStrength, floatingNumber, followsKiller, isLowHealth, KILLCAM_DELAY_MS,
} from "../../../client/src/view/feedback.ts";
import { phaseBanner } from "../../../client/src/view/format.ts";

const hit = (attacker: string, victim: string, damage = PROJECTILE_DAMAGE) => ({ attacker, victim, damage, shot: 1 });

describe("client feedback: hit markers", () => {
  it("marks the own shots' hits with their damage, and nobody else's", () => {
    const fb = new CombatFeedback("me");
    const marker = fb.onHit(hit("me", "bob"), "Bob", 100);
    assert.deepEqual(marker, { victim: "bob", victimName: "Bob", damage: 20, text: "20", kill: false, at: 100 });
    assert.equal(fb.onHit(hit("cid", "bob"), "Bob", 110), null);
    assert.equal(fb.onHit(hit("me", "me"), "Me", 120), null);
    assert.equal(fb.markers.length, 1);
  });

  it("shows 0 on a spawn-protected target", () => {
    assert.equal(new CombatFeedback("me").onHit(hit("me", "bob", 0), "Bob", 0)?.text, "0");
  });

  it("a kill right after the hit turns its marker into a kill marker", () => {
    const fb = new CombatFeedback("me");
    fb.onHit(hit("me", "bob"), "Bob", 100);
    const marker = fb.onKill({ killer: "me", victim: "bob" }, "Me", 105);
    assert.equal(marker?.kill, true);
    assert.equal(fb.markers[0].kill, true);
    assert.equal(fb.onKill({ killer: "me", victim: "bob" }, "Me", 5000), null, "too late to be that hit's kill");
  });

  it("keeps only the latest ten markers", () => {
    const fb = new CombatFeedback("me");
    for (let i = 0; i < 15; i++) fb.onHit(hit("me", `p${i}`), "", i);
    assert.equal(fb.markers.length, 10);
    assert.equal(fb.markers[0].victim, "p5");
  });
});

describe("client feedback: being hit, killed and respawning", () => {
  it("a drop of hp or shield while alive is a hurt; healing and the first look are not", () => {
    const fb = new CombatFeedback("me");
    assert.equal(fb.observeSelf(100, 0, true, 0).hurt, false);
    assert.equal(fb.observeSelf(100, 0, true, 10).hurt, false);
    const hurt = fb.observeSelf(80, 0, true, 20);
    assert.deepEqual([hurt.hurt, hurt.lost], [true, 20]);
    assert.equal(fb.observeSelf(80, 50, true, 30).hurt, false, "a shield pickup");
    assert.equal(fb.observeSelf(80, 30, true, 40).hurt, true, "the shield took it");
    assert.equal(fb.observeSelf(100, 30, true, 50).hurt, false, "a health pickup");
    assert.equal(fb.hurtCount, 2);
    assert.equal(fb.lastHurtAt, 40);
  });

  it("the killing hit is a hurt too, and the death screen names the killer until the respawn", () => {
    const fb = new CombatFeedback("me");
    fb.observeSelf(20, 0, true, 0);
    fb.onKill({ killer: "bob", victim: "me" }, "Bob", 5); // KILL arrives before the patch that shows it
    assert.equal(fb.observeSelf(20, 0, true, 6).respawned, false, "still alive on screen: nothing forgotten");
    assert.equal(fb.deathScreenKiller(true), null, "no death screen while alive");
    const died = fb.observeSelf(0, 0, false, 10);
    assert.deepEqual([died.hurt, died.died], [true, true]);
    assert.equal(fb.deathScreenKiller(false), "Bob");
    assert.deepEqual(fb.killer, { id: "bob", name: "Bob" });
    assert.equal(fb.observeSelf(0, 0, false, 20).hurt, false, "dead stays dead, no more flashes");
    const back = fb.observeSelf(100, 0, true, 3000);
    assert.equal(back.respawned, true);
    assert.equal(fb.killer, null);
    assert.equal(fb.deathScreenKiller(false), null);
  });

  it("names someone even when the killer's name is unknown (already left)", () => {
    const fb = new CombatFeedback("me");
    fb.onKill({ killer: "gone", victim: "me" }, "", 0);
    assert.equal(fb.deathScreenKiller(false), "Someone");
  });

  it("others' kills do not touch the death screen", () => {
    const fb = new CombatFeedback("me");
    fb.onKill({ killer: "bob", victim: "cid" }, "Bob", 0);
    assert.equal(fb.killer, null);
  });
});

describe("client feedback: low health", () => {
  it("warns at or below LOW_HEALTH_WARNING of hp and shield together, only while alive", () => {
    assert.equal(isLowHealth(LOW_HEALTH_WARNING, 0, true), true);
    assert.equal(isLowHealth(LOW_HEALTH_WARNING + 1, 0, true), false);
    assert.equal(isLowHealth(20, 0, true), true, "one hit from death");
    assert.equal(isLowHealth(20, 50, true), false, "a shield keeps the player safe");
    assert.equal(isLowHealth(100, 0, true), false);
    assert.equal(isLowHealth(0, 0, false), false, "the dead get the death screen instead");
  });

  it("is at least one hit from death, so the warning comes before the last hit", () => {
    assert.ok(LOW_HEALTH_WARNING >= PROJECTILE_DAMAGE);
  });
});

describe("client feedback: kill cam and camera glide", () => {
  const killer = { id: "bob", name: "Bob" };

  it("follows the killer after a moment, only while dead and while the killer is drawn alive", () => {
    assert.equal(followsKiller(false, killer, true, KILLCAM_DELAY_MS), true);
    assert.equal(followsKiller(false, killer, true, KILLCAM_DELAY_MS - 1), false, "a moment on the spot first");
    assert.equal(followsKiller(true, killer, true, 5000), false, "back on you once respawned");
    assert.equal(followsKiller(false, killer, false, 5000), false, "the killer died or is not drawn");
    assert.equal(followsKiller(false, null, true, 5000), false);
  });

  it("sits exactly on its subject, and glides over when the subject changes", () => {
    const cam = new CameraFollow();
    assert.deepEqual({ ...cam.update("me", 100, 100, 16) }, { x: 100, y: 100, subject: "me", offsetX: 0, offsetY: 0 });
    const first = cam.update("bob", 500, 100, 16);
    assert.ok(first.x > 100 && first.x < 500, `starts from where it was: ${first.x}`);
    let x = first.x;
    for (let i = 0; i < 120; i++) x = cam.update("bob", 500, 100, 16).x;
    assert.equal(x, 500, "settles exactly on the killer");
    assert.equal(cam.update("bob", 520, 100, 16).x, 520, "then follows it frame by frame");
  });
});

describe("client feedback: timing curves", () => {
  it("a flash starts full and fades to nothing", () => {
    assert.equal(flashStrength(0, 300), 1);
    assert.equal(flashStrength(150, 300), 0.5);
    assert.equal(flashStrength(300, 300), 0);
    assert.equal(flashStrength(-5, 300), 0);
    assert.equal(flashStrength(Number.NaN, 300), 0);
  });

  it("a damage number rises and fades out by the end of its life", () => {
    const start = floatingNumber(0, 800, 40), end = floatingNumber(800, 800, 40);
    assert.deepEqual([start.dy + 0, start.alpha], [0, 1]);
    assert.deepEqual([end.dy, end.alpha], [-40, 0]);
  });
});

describe("client view: the warm-up banner", () => {
  it("waits for players below MIN_PLAYERS_TO_START, the shared constant", () => {
    const alone = phaseBanner(MatchPhase.WAITING, 0, 20 * TICK_HZ, MIN_PLAYERS_TO_START - 1);
    const enough = phaseBanner(MatchPhase.WAITING, 0, 3 * TICK_HZ, MIN_PLAYERS_TO_START);
    assert.match(alone.detail, /Waiting for players/);
    assert.equal(enough.detail, "Match starts in 0:03");
  });
});
