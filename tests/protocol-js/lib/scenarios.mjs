// Every scenario docs/protocol.md describes, each against the real server. A scenario throws
// (an assertion) when the server does not do what the document says.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ExamError, ExamPhase, IsoWithOffset, Methods, MaxSeq, TokenPattern } from "./protocol.mjs";
import {
  byPosition, checkClock, stored, checkExamView, expectApplied, expectNotApplied, expectOk, expectRefused,
} from "./check.mjs";
import { ContentCache, assembleQuestions, contentAddress, get } from "./content.mjs";
import { withTimeout } from "./terminal.mjs";

const E = ExamError;
const blank = (position) => ({ position, slot: null, doubtful: false });
const view = (position, slot, doubtful) => ({ position, slot, doubtful });
const randomToken = () => randomBytes(32).toString("base64url");

/** @type {{ name: string, defect?: string, run: (ctx: import("./context.mjs").Context) => Promise<void> }[]} */
export const scenarios = [];
const scenario = (name, run, defect) => scenarios.push({ name, run, defect, proctor: false });
/** A scenario in which a proctor acts (ctx.proctor): the fixture's author must answer over stdio. */
const proctored = (name, run) => scenarios.push({ name, run, proctor: true });

// ---------------------------------------------------------------- login (sections 2, 3, 4)

scenario("login: the right PIN answers a token and the whole exam, running, with the set and nothing answered", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const reply = s.exam;
  assert.match(s.token, TokenPattern, "the token is 43 base64url characters");
  assert.notEqual(reply.set, null, "the set is sent while running");
  assert.equal(typeof reply.setHash, "string", "setHash names the set");
  assert.deepEqual(reply.answers, [], "nothing answered yet");
  assert.equal(reply.lastSeq, 0, "lastSeq is 0 before any change");
  assert.equal(reply.result, null, "no result before the end");
  const { now, deadline } = checkClock(reply.clock, ExamPhase.Running, "clock");
  assert.ok(deadline > now, "the deadline is ahead while running");
});

scenario("login: a wrong PIN is refused with WrongPin and the remaining tries; the right PIN still logs in", async (ctx) => {
  const c = ctx.take("running");
  const t = await ctx.open();
  const wrong = c.pin === "000000" ? "111111" : "000000";
  expectRefused(await t.login(c.participantNumber, wrong), E.WrongPin, "first wrong PIN", "Sisa percobaan: 4");
  expectRefused(await t.login(c.participantNumber, wrong), E.WrongPin, "second wrong PIN", "Sisa percobaan: 3");
  const ok = expectOk(await t.login(c.participantNumber, c.pin), "the right PIN after two wrong ones");
  assert.match(ok.token, TokenPattern);
});

scenario("login: five wrong PINs lock the candidate out; then even the right PIN is refused with LockedOut", async (ctx) => {
  const c = ctx.take("running");
  const t = await ctx.open();
  const wrong = c.pin === "000000" ? "111111" : "000000";
  for (let i = 1; i <= 4; i++) {
    expectRefused(await t.login(c.participantNumber, wrong), E.WrongPin, `wrong PIN ${i}`, `Sisa percobaan: ${5 - i}`);
  }
  // "five wrong PINs" give LockedOut: the fifth is answered LockedOut, with the lock's message
  expectRefused(await t.login(c.participantNumber, wrong), E.LockedOut, "fifth wrong PIN", "5 kali");
  const other = await ctx.open(); // a new connection: the lock is the candidate's, not the connection's
  expectRefused(await other.login(c.participantNumber, c.pin), E.LockedOut, "the right PIN while locked", "pengawas");
});

scenario("login: an unknown participant number is refused with SessionNotOpen", async (ctx) => {
  const t = await ctx.open();
  expectRefused(await t.login("TIDAK-ADA-" + randomBytes(4).toString("hex"), "123456"), E.SessionNotOpen, "unknown participant");
});

scenario("login: a candidate of a session that is not open (ended) is refused with SessionNotOpen", async (ctx) => {
  const c = ctx.take("ended");
  const t = await ctx.open();
  expectRefused(await t.login(c.participantNumber, c.pin), E.SessionNotOpen, "ended session");
});

scenario("login: a second Login for a candidate who holds a terminal is refused with OtherTerminalActive; the first keeps writing", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const second = await ctx.open();
  expectRefused(await second.login(s.candidate.participantNumber, s.candidate.pin), E.OtherTerminalActive, "second Login", "pengawas");
  const seq = s.seq();
  expectApplied(await s.t.save(0, 1, seq), seq, view(0, 1, false), "the first terminal still writes");
  assert.equal(s.t.pushes.filter((p) => p.name === "TerminalReleased").length, 0, "the first terminal was not released");
});

// ---------------------------------------------------------------- the set and its content (section 2)

scenario("set: every question's content and image is fetched by hash, each body hashes to its name, and the questions assemble with their option order", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const cache = new ContentCache(ctx.baseUrl, s.exam.set.contentUrl);
  const questions = await assembleQuestions(cache, s.exam);
  assert.equal(questions.length, s.count, "one question per position");
  for (const q of questions) {
    assert.equal(q.options.length, 5, `question ${q.position + 1} shows five options A..E`);
    assert.ok(q.options.every((o) => o && (typeof o.text === "string" || o.image)), `question ${q.position + 1}: every slot is an option`);
  }
  // a second candidate of the session: its set shares content hashes with the first one's, which a
  // terminal host or proxy caching by hash fetches once
  const other = await ctx.loggedIn("running");
  const shared = other.exam.set.questions.filter((q) => cache.byHash.has(q.content)).length;
  assert.ok(shared > 0, "two candidates of one session share item content (the same hashes)");
  // served under the second candidate's own address too, each body again matching its hash
  await assembleQuestions(new ContentCache(ctx.baseUrl, other.exam.set.contentUrl), other.exam);
});

scenario("set: content answers 404 for a wrong access key or an unknown hash", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const { contentUrl, questions } = s.exam.set;
  const good = await get(contentAddress(ctx.baseUrl, contentUrl, questions[0].content));
  assert.equal(good.status, 200, "the real address serves");
  const wrongAccess = contentUrl.replace(/\/exam\/content\/[^/]+\//, `/exam/content/${randomBytes(16).toString("base64url")}/`);
  const r1 = await get(contentAddress(ctx.baseUrl, wrongAccess, questions[0].content));
  assert.equal(r1.status, 404, `a wrong access key: ${r1.status}`);
  assert.ok(r1.body.length > 0, "a 404 carries a message");
  const r2 = await get(contentAddress(ctx.baseUrl, contentUrl, randomBytes(16).toString("base64url")));
  assert.equal(r2.status, 404, `an unknown hash: ${r2.status}`);
});

// ---------------------------------------------------------------- answers and sequence numbers (section 5)

scenario("answers: a change is applied, its retry is acknowledged but not applied, and an older change never overwrites a newer one", async (ctx) => {
  const s = await ctx.loggedIn("running");
  expectApplied(await s.t.save(0, 1, 1), 1, view(0, 1, false), "first answer");
  expectNotApplied(await s.t.save(0, 1, 1), 1, view(0, 1, false), "the same change again (a retry)");
  expectApplied(await s.t.save(0, 3, 3), 3, view(0, 3, false), "a newer change");
  expectNotApplied(await s.t.save(0, 2, 2), 2, view(0, 3, false), "an older change arriving late");
  expectNotApplied(await s.t.save(0, 4, 3), 3, view(0, 3, false), "another change with an already used seq");
});

scenario("answers: seq is counted per position and per kind; a doubtful mark and an answer at one position have independent seq", async (ctx) => {
  const s = await ctx.loggedIn("running");
  expectApplied(await s.t.save(0, 3, 10), 10, view(0, 3, false), "answer at position 0, seq 10");
  expectApplied(await s.t.save(1, 0, 2), 2, view(1, 0, false), "another position with a lower seq is applied");
  expectApplied(await s.t.mark(0, true, 5), 5, view(0, 3, true), "a mark at position 0 with a lower seq than its answer is applied");
  expectNotApplied(await s.t.mark(0, false, 4), 4, view(0, 3, true), "an older mark is not applied");
  expectApplied(await s.t.save(0, 4, 11), 11, view(0, 4, true), "a newer answer keeps the mark");
  expectNotApplied(await s.t.save(0, 1, 6), 6, view(0, 4, true), "an answer older than the answer (though newer than the mark) is not applied");
  const again = expectOk(await s.t.reattach(s.token, s.exam.setHash), "Reattach to read what is stored");
  assert.deepEqual(byPosition(again.exam.answers), [view(0, 4, true), view(1, 0, false)], "what is stored");
  assert.equal(again.exam.lastSeq, 11, "lastSeq is the highest seq stored (answers and marks)");
});

scenario("doubtful: a mark on a blank position is stored and listed; unmarking removes the position from the answers", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const a = s.seq();
  expectApplied(await s.t.mark(5, true, a), a, view(5, null, true), "mark a blank position");
  let again = expectOk(await s.t.reattach(s.token, s.exam.setHash), "Reattach");
  assert.deepEqual(again.exam.answers, [view(5, null, true)], "a marked blank position is listed");
  const b = s.seq();
  expectApplied(await s.t.mark(5, false, b), b, blank(5), "unmark");
  again = expectOk(await s.t.reattach(s.token, s.exam.setHash), "Reattach");
  assert.deepEqual(again.exam.answers, [], "a blank unmarked position is not listed");
});

scenario("clearing: slot null clears an answer (applied, current slot null) and the position leaves the answers", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const a = s.seq();
  expectApplied(await s.t.save(2, 0, a), a, view(2, 0, false), "answer A at position 2");
  const b = s.seq();
  expectApplied(await s.t.save(2, null, b), b, blank(2), "clear it");
  expectNotApplied(await s.t.save(2, null, b), b, blank(2), "the clear again (a retry)");
  const again = expectOk(await s.t.reattach(s.token, s.exam.setHash), "Reattach");
  assert.deepEqual(again.exam.answers, [], "a cleared position is not listed");
  assert.equal(again.exam.lastSeq, b, "lastSeq counts the clear");
});

scenario("answers: a position outside the set is refused with InvalidPosition, and current is null", async (ctx) => {
  const s = await ctx.loggedIn("running");
  let r = expectRefused(await s.t.save(s.count, 1, s.seq()), E.InvalidPosition, `position ${s.count}`, String(s.count + 1));
  assert.equal(r.current, null, "current is null for a position not in the set");
  r = expectRefused(await s.t.save(-1, 1, s.seq()), E.InvalidPosition, "position -1");
  expectRefused(await s.t.mark(s.count + 5, true, s.seq()), E.InvalidPosition, "a mark outside the set");
  const again = expectOk(await s.t.reattach(s.token, s.exam.setHash), "Reattach");
  assert.deepEqual(again.exam.answers, [], "nothing stored");
});

scenario("answers: a slot outside 0-4 is refused with InvalidOption and nothing is stored", async (ctx) => {
  const s = await ctx.loggedIn("running");
  expectRefused(await s.t.save(0, 5, s.seq()), E.InvalidOption, "slot 5");
  expectRefused(await s.t.save(0, 7, s.seq()), E.InvalidOption, "slot 7", "7");
  expectRefused(await s.t.save(0, -1, s.seq()), E.InvalidOption, "slot -1");
  const again = expectOk(await s.t.reattach(s.token, s.exam.setHash), "Reattach");
  assert.deepEqual(again.exam.answers, [], "nothing stored");
});

// ---------------------------------------------------------------- strict requests (section 2)

/**
 * A candidate for one strict-request scenario: position 0 answered C (seq 1), position 1 marked
 * doubtful (seq 2). After the malformed request, `unchanged` re-attaches on the same connection and
 * checks that nothing changed.
 */
async function strictSession(ctx) {
  const s = await ctx.loggedIn("running", ExamPhase.Running, { checkView: false });
  expectApplied(await s.t.save(0, 2, 1), 1, view(0, 2, false), "baseline answer");
  expectApplied(await s.t.mark(1, true, 2), 2, view(1, null, true), "baseline mark");
  const baseline = [view(0, 2, false), view(1, null, true)];
  const unchanged = async (what) => {
    const r = expectOk(await s.t.reattach(s.token, s.exam.setHash), `Reattach after ${what}`);
    assert.deepEqual(stored(r.exam.answers), baseline, `${what} changed nothing`);
    assert.equal(r.exam.lastSeq, 2, `${what} left lastSeq as it was`);
  };
  return { t: s.t, next: 3, count: s.count, unchanged };
}

const strictCases = [
  ["a SaveAnswer without position", Methods.SaveAnswer, (n) => ({ slot: 4, seq: n }), "position", "issue 15 defect 1: a missing field was defaulted to 0 and stored"],
  ["a SaveAnswer with a misspelt field (posisi)", Methods.SaveAnswer, (n) => ({ posisi: 9, slot: 4, seq: n }), "posisi", "issue 15 defect 1: a misspelt field was ignored and position 0 stored"],
  ["a SaveAnswer with position null", Methods.SaveAnswer, (n) => ({ position: null, slot: 4, seq: n }), "position"],
  ["a SaveAnswer with position as a string", Methods.SaveAnswer, (n) => ({ position: "3", slot: 4, seq: n }), "position"],
  ["a SaveAnswer with a non-integer position", Methods.SaveAnswer, (n) => ({ position: 1.5, slot: 4, seq: n }), "position"],
  ["a SaveAnswer without slot (required, may be null)", Methods.SaveAnswer, (n) => ({ position: 3, seq: n }), "slot"],
  ["a SaveAnswer with slot as a string", Methods.SaveAnswer, (n) => ({ position: 3, slot: "A", seq: n }), "slot"],
  ["a SaveAnswer without seq", Methods.SaveAnswer, () => ({ position: 3, slot: 1 }), "seq"],
  ["a SaveAnswer with seq 0", Methods.SaveAnswer, () => ({ position: 3, slot: 1, seq: 0 }), "seq"],
  ["a SaveAnswer with seq 2^53", Methods.SaveAnswer, () => ({ position: 3, slot: 1, seq: MaxSeq + 1 }), "seq"],
  ["a SaveAnswer with a non-integer seq", Methods.SaveAnswer, (n) => ({ position: 3, slot: 1, seq: n + 0.5 }), "seq"],
  ["a SaveAnswer with a null argument", Methods.SaveAnswer, () => null, null],
  ["a SaveAnswer with a number for its argument", Methods.SaveAnswer, () => 7, null],
  ["a SaveAnswer with an array for its argument", Methods.SaveAnswer, (n) => [3, 1, n], null],
  ["a MarkDoubtful without doubtful", Methods.MarkDoubtful, (n) => ({ position: 3, seq: n }), "doubtful"],
  ["a MarkDoubtful with doubtful as a string", Methods.MarkDoubtful, (n) => ({ position: 3, doubtful: "true", seq: n }), "doubtful"],
  ["a MarkDoubtful with an unknown field", Methods.MarkDoubtful, (n) => ({ position: 3, doubtful: true, seq: n, ragu: true }), "ragu"],
  ["a Finish without confirmed", Methods.Finish, () => ({}), "confirmed"],
  ["a Finish with confirmed as a string", Methods.Finish, () => ({ confirmed: "true" }), "confirmed"],
  ["a Reattach with an unknown field", Methods.Reattach, () => ({ token: "x".repeat(43), setHas: "y" }), "setHas"],
];

for (const [what, method, request, field, defect] of strictCases) {
  scenario(`strict: ${what} is refused with InvalidRequest${field ? ` naming '${field}'` : ""} and changes nothing`, async (ctx) => {
    const s = await strictSession(ctx);
    const arg = request(s.next);
    const reply = await s.t.call(method, arg);
    expectRefused(reply, E.InvalidRequest, what, ...(field ? [field] : []));
    if (method === Methods.SaveAnswer || method === Methods.MarkDoubtful) {
      assert.equal(reply.applied, false, `${what}: applied is false`);
    }
    await s.unchanged(what);
  }, defect);
}

scenario("strict: a Login with a misspelt field (terminal for terminalName) is refused with InvalidRequest and logs nobody in", async (ctx) => {
  const c = ctx.take("running");
  const t = await ctx.open();
  const r = await t.call(Methods.Login, { participantNumber: c.participantNumber, pin: c.pin, terminal: "T-9" });
  expectRefused(r, E.InvalidRequest, "Login with 'terminal'", "terminal");
  assert.equal(r.token ?? null, null, "no token");
  expectRefused(await t.clock(), E.NotLoggedIn, "Clock after the refused Login");
  expectOk(await t.login(c.participantNumber, c.pin), "the well-formed Login then succeeds");
});

scenario("strict: a Login with the PIN as a number is refused with InvalidRequest naming 'pin'", async (ctx) => {
  const c = ctx.take("running");
  const t = await ctx.open();
  expectRefused(await t.call(Methods.Login, { participantNumber: c.participantNumber, pin: Number(c.pin) }), E.InvalidRequest, "Login with a number PIN", "pin");
});

scenario("strict: strings outside their lengths (participantNumber 1-64, terminalName up to 100, token 1-200) are refused with InvalidRequest naming the field", async (ctx) => {
  const t = await ctx.open();
  expectRefused(await t.call(Methods.Login, { participantNumber: "", pin: "123456" }), E.InvalidRequest, "an empty participantNumber", "participantNumber");
  expectRefused(await t.call(Methods.Login, { participantNumber: "9".repeat(65), pin: "123456" }), E.InvalidRequest, "a participantNumber of 65", "participantNumber");
  expectRefused(await t.call(Methods.Login, { participantNumber: "x", pin: "123456", terminalName: "T".repeat(101) }), E.InvalidRequest, "a terminalName of 101", "terminalName");
  expectRefused(await t.call(Methods.Login, { participantNumber: "x", pin: "1".repeat(33) }), E.InvalidRequest, "a pin of 33", "pin");
  expectRefused(await t.call(Methods.Reattach, { token: "A".repeat(201) }), E.InvalidRequest, "a token of 201", "token");
  expectRefused(await t.call(Methods.Reattach, { token: "" }), E.InvalidRequest, "an empty token", "token");
});

scenario("strict: field names are matched without regard to case (Position, Slot, Seq)", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const seq = s.seq();
  expectApplied(await s.t.call(Methods.SaveAnswer, { Position: 3, Slot: 1, Seq: seq }), seq, view(3, 1, false), "PascalCase fields");
});

// ---------------------------------------------------------------- one way to refuse: the clock (sections 2, 6)

scenario("clock: Clock() before a login answers NotLoggedIn as a reply, not an exception", async (ctx) => {
  const t = await ctx.open();
  let reply;
  try {
    reply = await t.clock();
  } catch (e) {
    assert.fail(`Clock() before login threw a SignalR error instead of answering NotLoggedIn: ${e.message}`);
  }
  expectRefused(reply, E.NotLoggedIn, "Clock before login");
}, "issue 15 defect 3: a refusal arrived as an exception");

scenario("clock: Clock() after a login answers the phase, the server's time and the deadline", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const reply = expectOk(await s.t.clock(), "Clock");
  const { now, deadline } = checkClock(reply.clock, ExamPhase.Running, "Clock");
  assert.ok(deadline > now, "the deadline is ahead");
  assert.equal(reply.clock.deadline, s.exam.clock.deadline, "the same deadline as the login reply");
});

scenario("clock: SaveAnswer, MarkDoubtful and Finish before a login answer NotLoggedIn", async (ctx) => {
  const t = await ctx.open();
  expectRefused(await t.save(0, 1, 1), E.NotLoggedIn, "SaveAnswer before login");
  expectRefused(await t.mark(0, true, 1), E.NotLoggedIn, "MarkDoubtful before login");
  expectRefused(await t.finish(true), E.NotLoggedIn, "Finish before login");
});

// ---------------------------------------------------------------- re-attach and takeover (section 4)

scenario("reconnect: a change acknowledged before a disconnect and sent again after the Reattach, with its seq, is not applied twice", async (ctx) => {
  const s = await ctx.loggedIn("running", ExamPhase.Running, { checkView: false });
  const seq = s.seq();
  expectApplied(await s.t.save(6, 4, seq), seq, view(6, 4, false), "a change");
  await s.t.close();
  const b = await ctx.open();
  const back = expectOk(await b.reattach(s.token, s.exam.setHash), "Reattach after the reconnect");
  assert.equal(back.exam.lastSeq, seq, "lastSeq is the change's seq");
  expectNotApplied(await b.save(6, 4, seq), seq, view(6, 4, false), "the same change sent again");
  const next = back.exam.lastSeq + 1;
  expectApplied(await b.save(6, 0, next), next, view(6, 0, false), "the next change, above lastSeq");
});

scenario("reattach: after a reconnect the token brings back the set, the answers and lastSeq; with the held setHash the set is left out", async (ctx) => {
  const s = await ctx.loggedIn("running");
  expectApplied(await s.t.save(0, 1, 1), 1, view(0, 1, false), "answer");
  expectApplied(await s.t.mark(3, true, 2), 2, view(3, null, true), "mark");
  await s.t.close();

  const b = await ctx.open();
  const full = expectOk(await b.reattach(s.token), "Reattach without setHash");
  checkExamView(full.exam, s.candidate.participantNumber, ExamPhase.Running, "Reattach");
  assert.notEqual(full.exam.set, null, "without setHash the set is sent");
  assert.equal(full.exam.setHash, s.exam.setHash, "the same set");
  assert.deepEqual(full.exam.set, s.exam.set, "the same references and option orders");
  assert.deepEqual(byPosition(full.exam.answers), [view(0, 1, false), view(3, null, true)], "the answers");
  assert.equal(full.exam.lastSeq, 2, "lastSeq");

  const c = await ctx.open();
  const light = expectOk(await c.reattach(s.token, s.exam.setHash), "Reattach with the held setHash");
  assert.equal(light.exam.set, null, "with a matching setHash the set is left out");
  assert.equal(light.exam.setHash, s.exam.setHash, "setHash still names the set");
  assert.deepEqual(byPosition(light.exam.answers), [view(0, 1, false), view(3, null, true)], "the answers");

  const d = await ctx.open();
  const stale = expectOk(await d.reattach(s.token, "AAAAAAAAAAAAAAAAAAAAAA"), "Reattach with another setHash");
  assert.deepEqual(stale.exam.set, s.exam.set, "with a setHash that does not match the set is sent");
  expectApplied(await d.save(0, 2, stale.exam.lastSeq + 1), stale.exam.lastSeq + 1, view(0, 2, false), "continuing above lastSeq");
});

scenario("reattach: an unknown token is refused with NotLoggedIn", async (ctx) => {
  const t = await ctx.open();
  expectRefused(await t.reattach(randomToken()), E.NotLoggedIn, "Reattach with an unknown token");
});

scenario("takeover: a second connection re-attaching with the token takes the attempt over; the first is pushed TerminalReleased and refused with Released", async (ctx) => {
  const s = await ctx.loggedIn("running", ExamPhase.Running, { checkView: false });
  expectApplied(await s.t.save(0, 0, 1), 1, view(0, 0, false), "the first connection writes");
  const second = await ctx.open();
  expectOk(await second.reattach(s.token, s.exam.setHash), "the second connection re-attaches while the first is connected");
  const reason = await s.t.waitForPush("TerminalReleased", () => true, 5000).catch(() => {
    assert.fail("the first connection was not pushed TerminalReleased when another connection took the attempt over");
  });
  assert.equal(typeof reason, "string", "TerminalReleased carries a reason");
  assert.ok(reason.length > 0, "the reason is not empty");
  const r = expectRefused(await s.t.save(1, 1, 2), E.Released, "an answer from the released connection");
  assert.equal(r.applied, false);
  expectRefused(await s.t.mark(1, true, 3), E.Released, "a mark from the released connection");
  expectRefused(await s.t.clock(), E.Released, "Clock from the released connection");
  expectRefused(await s.t.finish(true), E.Released, "Finish from the released connection");
  expectApplied(await second.save(1, 2, 2), 2, view(1, 2, false), "the second connection writes");
  const now = expectOk(await second.reattach(s.token, s.exam.setHash), "read back");
  assert.deepEqual(byPosition(now.exam.answers), [view(0, 0, false), view(1, 2, false)], "only the writer's changes are stored");
  assert.equal(now.exam.phase, ExamPhase.Running, "the released connection's Finish did not end the attempt");
}, "issue 15 defect 2: two connections could write one attempt");

// ---------------------------------------------------------------- phases (sections 3, 4, 6)

scenario("paused: a candidate of a paused session logs in to phase Paused; answers and marks are refused with Paused", async (ctx) => {
  const s = await ctx.loggedIn("paused", ExamPhase.Paused);
  expectRefused(await s.t.save(0, 1, s.seq()), E.Paused, "SaveAnswer while paused", "dijeda");
  expectRefused(await s.t.mark(0, true, s.seq()), E.Paused, "MarkDoubtful while paused");
  const clock = expectOk(await s.t.clock(), "Clock while paused");
  checkClock(clock.clock, ExamPhase.Paused, "Clock while paused");
});

scenario("waiting: before the start the phase is Waiting, the set is withheld, and answers and Finish are refused with NotStarted", async (ctx) => {
  const s = await ctx.loggedIn("waiting", ExamPhase.Waiting);
  assert.equal(s.exam.set, null, "the set is withheld before the start");
  assert.equal(s.exam.setHash, null, "setHash is null while the set is withheld");
  expectRefused(await s.t.save(0, 1, s.seq()), E.NotStarted, "SaveAnswer before the start", "belum dimulai");
  expectRefused(await s.t.mark(0, true, s.seq()), E.NotStarted, "MarkDoubtful before the start");
  expectRefused(await s.t.finish(true), E.NotStarted, "Finish before the start");
  checkClock(expectOk(await s.t.clock(), "Clock").clock, ExamPhase.Waiting, "Clock before the start");
  const again = expectOk(await s.t.reattach(s.token), "Reattach before the start");
  assert.equal(again.exam.set, null, "still withheld on Reattach");
});

scenario("time up: a login after the deadline finds the attempt ended at its deadline, and a later answer is refused with Finished", async (ctx) => {
  const c = ctx.take("timeUp");
  const t = await ctx.open();
  // section 6: "A login, re-attach or finish that arrives after the deadline before the server has
  // ended it finds it ended at the deadline (finishedAt = the deadline, endedBy: "deadline")"
  const login = expectOk(await t.login(c.participantNumber, c.pin), "Login after the deadline");
  assert.equal(login.exam.phase, ExamPhase.Finished, "the attempt has ended");
  assert.equal(login.exam.result.endedBy, "deadline", "ended by its deadline");
  assert.equal(Date.parse(login.exam.result.finishedAt), Date.parse(login.exam.clock.deadline), "finishedAt is the deadline");
  expectRefused(await t.save(0, 1, login.exam.lastSeq + 1), E.Finished, "SaveAnswer after the deadline", "selesai");
});

scenario("time up: after the deadline the attempt has ended by the deadline: Finish answers the deadline's result, not the candidate's", async (ctx) => {
  const c = ctx.take("timeUp");
  const t = await ctx.open();
  const login = expectOk(await t.login(c.participantNumber, c.pin), "Login after the deadline");
  const deadline = Date.parse(login.exam.clock.deadline);
  // section 6: "At the deadline the server ends the attempt by itself"; section 2: a Finish after
  // the end answers the result the attempt ended with
  const r = expectOk(await t.finish(true), "Finish after the deadline");
  assert.equal(r.result.endedBy, "deadline", `the attempt ended at its deadline, not by the candidate ${JSON.stringify(r.result).slice(0, 300)}`);
  assert.ok(Date.parse(r.result.finishedAt) <= deadline, `finishedAt ${r.result.finishedAt} is not after the deadline ${login.exam.clock.deadline}`);
});

// ---------------------------------------------------------------- finish (section 2)

scenario("finish: Finish without confirmation is refused with NotConfirmed and the attempt goes on", async (ctx) => {
  const s = await ctx.loggedIn("running");
  expectRefused(await s.t.finish(false), E.NotConfirmed, "Finish(confirmed: false)");
  const seq = s.seq();
  expectApplied(await s.t.save(0, 1, seq), seq, view(0, 1, false), "still answering");
});

scenario("finish: Finish ends with a result; a second Finish answers the same result; later changes are refused with Finished; the token still shows the result", async (ctx) => {
  const s = await ctx.loggedIn("running");
  for (let p = 0; p < 5; p++) {
    const seq = s.seq();
    expectApplied(await s.t.save(p, p % 5, seq), seq, view(p, p % 5, false), `answer ${p}`);
  }
  const first = expectOk(await s.t.finish(true), "Finish");
  const result = first.result;
  assert.ok(result && typeof result === "object", "a result");
  assert.ok(Array.isArray(result.scores) && result.scores.length === s.exam.subtests.length, "one score per subtest");
  for (const sc of result.scores) {
    assert.ok(s.exam.subtests.some((st) => st.code === sc.code), `score for a subtest: ${sc.code}`);
    assert.equal(typeof sc.name, "string");
    assert.equal(typeof sc.score, "number");
    assert.equal(typeof sc.max, "number");
  }
  assert.equal(typeof result.total, "number", "total");
  assert.equal(typeof result.maxTotal, "number", "maxTotal");
  assert.equal(typeof result.passed, "boolean", "passed");
  assert.ok(Array.isArray(result.failedConditions), "failedConditions");
  assert.equal(result.endedBy, "candidate", "ended by the candidate");
  const { now } = checkClock(expectOk(await s.t.clock(), "Clock after the end").clock, ExamPhase.Finished, "Clock after the end");
  assert.ok(expectTimeOrFail(result.finishedAt) <= now, "finishedAt is not in the future");

  const second = expectOk(await s.t.finish(true), "a second Finish");
  assert.deepEqual(second.result, result, "the same result");
  expectRefused(await s.t.save(5, 1, s.seq()), E.Finished, "an answer after the end", "selesai");
  expectRefused(await s.t.mark(5, true, s.seq()), E.Finished, "a mark after the end");

  const back = await ctx.open();
  const r = expectOk(await back.reattach(s.token, s.exam.setHash), "Reattach after the end: the token keeps working");
  assert.equal(r.exam.phase, ExamPhase.Finished, "phase Finished");
  assert.deepEqual(r.exam.result, result, "the result");
});

function expectTimeOrFail(value) {
  const t = Date.parse(value);
  assert.ok(Number.isFinite(t), `a time: ${value}`);
  return t;
}

// ---------------------------------------------------------------- limits and misuse (sections 8, 9)

scenario("rate: calls beyond the burst are refused with RateLimited replies, and the connection stays open", async (ctx) => {
  const t = await ctx.open();
  const n = ctx.limits.burst + 20;
  const replies = await Promise.all(Array.from({ length: n }, () => t.clock()));
  const limited = replies.filter((r) => r.error === E.RateLimited);
  assert.ok(limited.length > 0, `${n} calls at once with a burst of ${ctx.limits.burst}: none was refused with RateLimited`);
  for (const r of limited) {
    expectRefused(r, E.RateLimited, "a call beyond the burst", "Terlalu banyak permintaan");
  }
  for (const r of replies.filter((r) => r.error !== E.RateLimited)) {
    expectRefused(r, E.NotLoggedIn, "a call within the burst (not logged in)");
  }
  assert.equal(t.state, "Connected", "fewer than 50 refused in a row: the connection stays");
});

scenario("limits: a message over 16 KiB closes the connection", async (ctx) => {
  const t = await ctx.open();
  expectRefused(await t.clock(), E.NotLoggedIn, "the connection works");
  const call = t.call(Methods.Login, { participantNumber: "x", pin: "123456", terminalName: "T".repeat(17 * 1024) });
  call.catch(() => {}); // no reply is expected: the server closes instead
  await withTimeout(t.closed, 10_000, "the connection stayed open after a message over 16 KiB");
  assert.notEqual(t.state, "Connected", "closed");
});

scenario("misuse: an unknown method and a wrong number of arguments are SignalR errors, not replies; the connection goes on", async (ctx) => {
  const t = await ctx.open();
  await assert.rejects(t.call("Hapus", { position: 0 }), (e) => {
    assert.ok(e.message.includes("Metode 'Hapus' tidak dikenal oleh server."), `the error is section 9's Indonesian text: ${e.message}`);
    return true;
  }, "an unknown method is a SignalR error");
  await assert.rejects(t.call(Methods.Clock, {}), "Clock with an argument is a SignalR error");
  await assert.rejects(t.call(Methods.SaveAnswer), "SaveAnswer without its argument is a SignalR error");
  await assert.rejects(t.call(Methods.SaveAnswer, { position: 0, slot: 1, seq: 1 }, { position: 1, slot: 1, seq: 2 }), "two arguments is a SignalR error");
  expectRefused(await t.clock(), E.NotLoggedIn, "the connection still answers");
});

scenario("limits: after ten failed logins on one connection, even a right PIN is refused there with LockedOut", async (ctx) => {
  const c = ctx.take("running");
  const t = await ctx.open();
  for (let i = 1; i <= 10; i++) {
    expectRefused(await t.login(`TIDAK-ADA-${i}-${randomBytes(3).toString("hex")}`, "123456"), E.SessionNotOpen, `unknown number ${i}`);
  }
  expectRefused(await t.login(c.participantNumber, c.pin), E.LockedOut, "the right PIN after ten failures", "Terlalu banyak percobaan");
  const other = await ctx.open();
  expectOk(await other.login(c.participantNumber, c.pin), "the same candidate on another connection");
});

// ---------------------------------------------------------------- MessagePack (section 1)

scenario("messagepack: Login, SaveAnswer and Clock over MessagePack; replies keyed by PascalCase names, enums as integers, times as [timestamp, offset]", async (ctx) => {
  const c = ctx.take("running");
  const t = await ctx.open("messagepack");
  // "Field names in requests are matched without regard to case in both protocols"
  const login = await t.call(Methods.Login, { participantNumber: c.participantNumber, pin: c.pin, terminalName: "protocol-js-msgpack" });
  assert.equal(login.Ok, true, `Login over MessagePack: ${JSON.stringify(Object.keys(login ?? {}))} ${login?.Message}`);
  assert.equal(login.Error, E.None, "Error is the integer 0");
  assert.match(login.Token, TokenPattern, "Token");
  const exam = login.Exam;
  assert.equal(exam.Phase, ExamPhase.Running, "Phase is an integer");
  assert.equal(exam.Candidate.ParticipantNumber, c.participantNumber, "Candidate.ParticipantNumber");
  assert.equal(typeof exam.Set.Hash, "string", "Set.Hash");
  assert.equal(exam.Set.Hash, exam.SetHash, "SetHash");
  assert.ok(Array.isArray(exam.Set.Questions) && exam.Set.Questions.length > 0, "Set.Questions");
  const deadline = exam.Clock.Deadline;
  assert.ok(Array.isArray(deadline) && deadline.length === 2, `a time is an array of a timestamp and an offset: ${JSON.stringify(deadline)}`);
  assert.ok(deadline[0] instanceof Date, "the timestamp is a MessagePack timestamp");
  assert.ok(Number.isInteger(deadline[1]), "the offset is an integer of minutes");
  const seq = exam.LastSeq + 1;
  const saved = await t.call(Methods.SaveAnswer, { position: 0, slot: 2, seq });
  assert.equal(saved.Ok, true, `SaveAnswer over MessagePack: ${saved.Message}`);
  assert.equal(saved.Applied, true, "Applied");
  assert.deepEqual(saved.Current, { Position: 0, Slot: 2, Doubtful: false }, "Current");
  const refused = await t.call(Methods.SaveAnswer, { posisi: 0, slot: 2, seq: seq + 1 });
  assert.equal(refused.Error, E.InvalidRequest, "a misspelt field over MessagePack is InvalidRequest");
  const clock = await t.call(Methods.Clock);
  assert.equal(clock.Ok, true, "Clock over MessagePack");
  assert.equal(clock.Clock.Phase, ExamPhase.Running, "Clock.Phase");
});

// ---------------------------------------------------------------- pushes after a proctor acts (sections 4, 6, 7)

const phaseIs = (phase) => (clock) => clock && clock.phase === phase;

proctored("waiting room: at the start ClockChanged arrives with phase Running and a deadline; Reattach then brings the set", async (ctx) => {
  const s = await ctx.loggedIn("startLater", ExamPhase.Waiting);
  assert.equal(s.exam.set, null, "withheld before the start");
  await ctx.proctor.act("startSession", s.candidate.participantNumber);
  const clock = await s.t.waitForPush("ClockChanged", phaseIs(ExamPhase.Running));
  const { now, deadline } = checkClock(clock, ExamPhase.Running, "ClockChanged at the start");
  assert.ok(deadline > now, "the deadline is ahead");
  const r = expectOk(await s.t.reattach(s.token), "Reattach for the set");
  const { count } = checkExamView(r.exam, s.candidate.participantNumber, ExamPhase.Running, "Reattach after the start");
  assert.notEqual(r.exam.set, null, "the set now");
  assert.equal(r.exam.set.questions.length, count);
  const seq = r.exam.lastSeq + 1;
  expectApplied(await s.t.save(0, 0, seq), seq, view(0, 0, false), "the first answer after the start");
});

proctored("pause: a proctor pausing the candidate pushes ClockChanged Paused; a change is refused with Paused, kept, and applied after ClockChanged Running", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const number = s.candidate.participantNumber;
  await ctx.proctor.act("pauseAttempt", number);
  const paused = await s.t.waitForPush("ClockChanged", phaseIs(ExamPhase.Paused));
  checkClock(paused, ExamPhase.Paused, "ClockChanged on the pause");
  // section 6: while paused, since when and why, for the candidate to read
  assert.match(paused.pausedSince, IsoWithOffset, "pausedSince is a time while paused");
  assert.ok(Date.parse(paused.pausedSince) <= Date.parse(paused.serverNow), "the pause began before the push");
  assert.equal(typeof paused.pauseReason, "string", "pauseReason is the proctor's reason");
  const seq = s.seq();
  expectRefused(await s.t.save(4, 2, seq), E.Paused, "a change while paused", "dijeda");
  await ctx.proctor.act("resumeAttempt", number);
  const resumed = await s.t.waitForPush("ClockChanged", phaseIs(ExamPhase.Running));
  checkClock(resumed, ExamPhase.Running, "ClockChanged on the resume");
  assert.equal(resumed.pausedSince, null, "no pausedSince once running");
  assert.equal(resumed.pauseReason, null, "no pauseReason once running");
  expectApplied(await s.t.save(4, 2, seq), seq, view(4, 2, false), "the kept change, sent again with its seq");
});

scenario("display: SaveDisplay keeps font size, contrast and the question on screen with the attempt; a re-attach answers them in exam.display", async (ctx) => {
  const s = await ctx.loggedIn("running");
  assert.equal(s.exam.display, null, "display is null until a terminal saved one");
  expectOk(await s.t.saveDisplay(2, true, 6), "SaveDisplay");
  const again = expectOk(await s.t.reattach(s.token), "re-attach after SaveDisplay");
  assert.deepEqual(again.exam.display, { fontStep: 2, highContrast: true, position: 6 }, "exam.display is what was saved");
  expectRefused(await s.t.saveDisplay(4, false, 6), E.InvalidRequest, "fontStep outside 0-3", "fontStep");
  expectRefused(await s.t.saveDisplay(0, false, 100000), E.InvalidPosition, "a position outside the set");
  expectRefused(await s.t.call(Methods.SaveDisplay, { fontStep: 1, highContrast: false }), E.InvalidRequest, "position missing", "position");
  const last = expectOk(await s.t.reattach(s.token), "re-attach after the refusals");
  assert.deepEqual(last.exam.display, { fontStep: 2, highContrast: true, position: 6 }, "refusals changed nothing");
});

proctored("extra time: a proctor granting minutes pushes ClockChanged with the later deadline, and Clock() agrees", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const before = Date.parse(s.exam.clock.deadline);
  await ctx.proctor.act("grantTime", s.candidate.participantNumber, { minutes: 5 });
  const clock = await s.t.waitForPush("ClockChanged", (c) => c && Date.parse(c.deadline) !== before);
  const { deadline } = checkClock(clock, ExamPhase.Running, "ClockChanged on extra time");
  assert.equal(deadline - before, 5 * 60_000, "the deadline moved by five minutes");
  assert.equal(Date.parse(expectOk(await s.t.clock(), "Clock").clock.deadline), deadline, "Clock() answers the new deadline");
});

proctored("release: a proctor release pushes TerminalReleased; the old connection is refused with Released, its token is gone, and a new Login takes the stored answers", async (ctx) => {
  const s = await ctx.loggedIn("running");
  const number = s.candidate.participantNumber;
  const seq = s.seq();
  expectApplied(await s.t.save(7, 3, seq), seq, view(7, 3, false), "an answer before the release");
  await ctx.proctor.act("releaseTerminal", number);
  const reason = await s.t.waitForPush("TerminalReleased");
  assert.ok(typeof reason === "string" && reason.length > 0, "TerminalReleased carries a reason");
  expectRefused(await s.t.save(8, 1, s.seq()), E.Released, "a change from the released terminal");
  const b = await ctx.open();
  // section 4.2: the released token "stops working", so it is an unknown token (section 3: NotLoggedIn)
  expectRefused(await b.reattach(s.token), E.NotLoggedIn, "Reattach with the released token");
  const again = expectOk(await b.login(number, s.candidate.pin), "Login on another terminal after the release");
  assert.deepEqual(stored(again.exam.answers), [view(7, 3, false)], "the stored answers");
  assert.ok(again.exam.lastSeq >= seq, "lastSeq");
});

proctored("session end: ending the session pushes AttemptEnded with the result (ended by session_ended); later changes are refused with Finished, and its content is no longer served", async (ctx) => {
  const s = await ctx.loggedIn("endLater");
  const seq = s.seq();
  expectApplied(await s.t.save(0, 1, seq), seq, view(0, 1, false), "an answer before the end");
  const content = contentAddress(ctx.baseUrl, s.exam.set.contentUrl, s.exam.set.questions[0].content);
  assert.equal((await get(content)).status, 200, "content is served while the session is open");
  await ctx.proctor.act("endSession", s.candidate.participantNumber);
  const result = await s.t.waitForPush("AttemptEnded");
  assert.ok(result && Array.isArray(result.scores), "AttemptEnded carries an ExamResult");
  assert.equal(result.endedBy, "session_ended", "ended by the session's end");
  expectRefused(await s.t.save(1, 1, s.seq()), E.Finished, "a change after the end");
  checkClock(expectOk(await s.t.clock(), "Clock after the end").clock, ExamPhase.Finished, "Clock after the end");
  // the document says content is served "only while the session is open"; the server reads the
  // open state at most once a second (not in the document), so a little of the server's time passes
  await ctx.proctor.act("letTimePass", s.candidate.participantNumber, { seconds: 2 });
  const gone = await get(content);
  assert.equal(gone.status, 404, "content is not served once the session has ended");
  assert.ok(gone.body.toString("utf8").length > 0, "the 404 carries a message");
});
