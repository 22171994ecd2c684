// What a scenario works with: the server's address, the candidates the fixture seeded (each used
// by one scenario only), and the connections it opened (all closed after the scenario).
import assert from "node:assert/strict";
import { Terminal } from "./terminal.mjs";
import { checkExamView, expectOk } from "./check.mjs";
import { ExamPhase, Limits } from "./protocol.mjs";
import { Proctor } from "./proctor.mjs";

/**
 * The fixture (JSON):
 * {
 *   "baseUrl": "http://127.0.0.1:41234",
 *   "limits": { "burst": 60, "perSecond": 1 },  // optional: the exam hub's rate if not the default
 *   "proctor": "stdio",                          // optional: proctor actions answered over stdio (proctor.mjs)
 *   "candidates": [ { "participantNumber": "...", "pin": "123456", "state": "running" }, ... ]
 * }
 * state: running (about 50 needed: every scenario takes its own) | paused (its session paused by a
 *        proctor) | waiting (its session opened, not started) | ended (its session ended: not open)
 *        | timeUp (running, past its deadline, the deadline sweep off) | startLater (alone in a
 *        session opened, not started: a proctor starts it) | endLater (alone in a running session
 *        a proctor ends)
 */
export function readFixture(json) {
  const f = JSON.parse(json);
  assert.match(f.baseUrl, /^https?:\/\//, "fixture.baseUrl");
  assert.ok(Array.isArray(f.candidates), "fixture.candidates");
  return {
    baseUrl: f.baseUrl.replace(/\/+$/, ""),
    limits: { ...Limits, ...(f.limits ?? {}) },
    proctor: f.proctor === "stdio",
    candidates: f.candidates,
  };
}

export class Context {
  constructor(fixture) {
    this.fixture = fixture;
    this.baseUrl = fixture.baseUrl;
    this.limits = fixture.limits;
    this.unused = [...fixture.candidates];
    this.terminals = [];
    this.proctor = new Proctor(fixture.proctor);
  }

  /** A candidate in `state` no other scenario has used. */
  take(state) {
    const i = this.unused.findIndex((c) => c.state === state);
    if (i < 0) {
      throw new Error(`the fixture has no more candidates in state "${state}"`);
    }
    return this.unused.splice(i, 1)[0];
  }

  has(state) {
    return this.unused.some((c) => c.state === state);
  }

  async open(protocol = "json") {
    const t = await Terminal.open(this.baseUrl, protocol);
    this.terminals.push(t);
    return t;
  }

  /**
   * A new connection logged in as a fresh candidate in `state`: { candidate, t, token, exam, count, seq() }.
   * `checkView: false` checks only that the login succeeded, for the scenarios of the defects the
   * issue names, so that they fail for their own reason on a server of protocol version 1.
   */
  async loggedIn(state = "running", phase = ExamPhase.Running, { checkView = true } = {}) {
    const candidate = this.take(state);
    const t = await this.open();
    const reply = expectOk(await t.login(candidate.participantNumber, candidate.pin), `Login ${candidate.participantNumber}`);
    assert.equal(typeof reply.token, "string", "a token");
    const { count } = checkView
      ? checkExamView(reply.exam, candidate.participantNumber, phase, "LoginReply")
      : { count: reply.exam.subtests.reduce((n, s) => n + s.count, 0) };
    let next = reply.exam.lastSeq + 1;
    return { candidate, t, token: reply.token, exam: reply.exam, count, seq: () => next++ };
  }

  async closeAll() {
    await Promise.all(this.terminals.map((t) => t.close()));
    this.terminals = [];
  }
}
