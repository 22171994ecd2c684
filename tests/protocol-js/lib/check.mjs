// Reply checks shared by the scenarios (docs/protocol.md section 2: "Every reply has ok, error
// and message").
import assert from "node:assert/strict";
import { ExamError, ExamPhase, IsoWithOffset, HashPattern } from "./protocol.mjs";

const errorName = (code) => Object.keys(ExamError).find((k) => ExamError[k] === code) ?? `unknown ${code}`;

function describe(reply) {
  return JSON.stringify(reply)?.slice(0, 400);
}

function replyObject(reply, what) {
  assert.equal(typeof reply, "object", `${what}: the answer is a reply object, got ${describe(reply)}`);
  assert.notEqual(reply, null, `${what}: the answer is a reply object, got null`);
  assert.equal(typeof reply.ok, "boolean", `${what}: reply.ok is a boolean in ${describe(reply)}`);
  assert.equal(typeof reply.error, "number", `${what}: reply.error is a number in ${describe(reply)}`);
}

/** ok: true, error 0, message null. */
export function expectOk(reply, what) {
  replyObject(reply, what);
  assert.ok(reply.ok, `${what}: expected ok, got ${errorName(reply.error)} "${reply.message}"`);
  assert.equal(reply.error, ExamError.None, `${what}: error is 0 when ok`);
  assert.equal(reply.message, null, `${what}: message is null when ok`);
  return reply;
}

/** ok: false with `code` and an Indonesian message (containing each of `mentions`). */
export function expectRefused(reply, code, what, ...mentions) {
  replyObject(reply, what);
  assert.ok(!reply.ok, `${what}: expected ${errorName(code)} (${code}), got ok ${describe(reply)}`);
  assert.equal(reply.error, code, `${what}: expected ${errorName(code)} (${code}), got ${errorName(reply.error)} (${reply.error}) "${reply.message}"`);
  assert.equal(typeof reply.message, "string", `${what}: a refusal carries a message`);
  assert.ok(reply.message.length > 0, `${what}: a refusal carries a non-empty message`);
  for (const m of mentions) {
    assert.ok(reply.message.includes(m), `${what}: the message names "${m}": "${reply.message}"`);
  }
  return reply;
}

/** A SaveReply that stored the change. */
export function expectApplied(reply, seq, current, what) {
  expectOk(reply, what);
  assert.equal(reply.applied, true, `${what}: applied (${describe(reply)})`);
  assert.equal(reply.seq, seq, `${what}: the reply carries the request's seq`);
  assert.deepEqual(reply.current, current, `${what}: current is what is stored now`);
  return reply;
}

/** A SaveReply acknowledged without being applied (a retry or an older change). */
export function expectNotApplied(reply, seq, current, what) {
  expectOk(reply, what);
  assert.equal(reply.applied, false, `${what}: not applied (${describe(reply)})`);
  assert.equal(reply.seq, seq, `${what}: the reply carries the request's seq`);
  assert.deepEqual(reply.current, current, `${what}: current shows what is stored`);
  return reply;
}

export function expectTime(value, what) {
  assert.equal(typeof value, "string", `${what} is a string`);
  assert.match(value, IsoWithOffset, `${what} is ISO 8601 with an offset: ${value}`);
  const t = Date.parse(value);
  assert.ok(Number.isFinite(t), `${what} parses: ${value}`);
  return t;
}

/** `ClockView` (section 6). */
export function checkClock(clock, phase, what) {
  assert.ok(clock && typeof clock === "object", `${what}: a ClockView`);
  assert.equal(clock.phase, phase, `${what}: phase ${clock.phase}, expected ${phase}`);
  const now = expectTime(clock.serverNow, `${what}.serverNow`);
  expectTime(clock.startsAt, `${what}.startsAt`);
  assert.ok(Number.isInteger(clock.durationMinutes) && clock.durationMinutes > 0, `${what}.durationMinutes is a positive integer: ${clock.durationMinutes}`);
  if (phase === ExamPhase.Waiting) {
    assert.equal(clock.deadline, null, `${what}.deadline is null before the start`);
    return { now, deadline: null };
  }
  const deadline = expectTime(clock.deadline, `${what}.deadline`);
  return { now, deadline };
}

/** `LoginReply` on success: a token and a whole `ExamView`. */
export function checkExamView(exam, participantNumber, phase, what) {
  assert.ok(exam && typeof exam === "object", `${what}: exam is an ExamView`);
  const c = exam.candidate;
  assert.equal(c.participantNumber, participantNumber, `${what}: candidate.participantNumber`);
  for (const f of ["name", "sessionCode", "venue"]) {
    assert.equal(typeof c[f], "string", `${what}: candidate.${f} is a string`);
  }
  assert.ok(["WIB", "WITA", "WIT"].includes(c.timeZone), `${what}: candidate.timeZone is WIB, WITA or WIT: ${c.timeZone}`);
  assert.equal(typeof c.largeFont, "boolean", `${what}: candidate.largeFont`);
  assert.equal(typeof c.screenReader, "boolean", `${what}: candidate.screenReader`);
  assert.equal(exam.phase, phase, `${what}: exam.phase ${exam.phase}, expected ${phase}`);
  checkClock(exam.clock, phase, `${what}: exam.clock`);

  assert.ok(Array.isArray(exam.subtests) && exam.subtests.length > 0, `${what}: subtests`);
  let from = 0;
  for (const s of exam.subtests) {
    assert.equal(typeof s.code, "string", `${what}: subtest code`);
    assert.equal(typeof s.name, "string", `${what}: subtest name`);
    assert.equal(s.from, from, `${what}: subtest ${s.code} starts where the previous one ends`);
    assert.ok(Number.isInteger(s.count) && s.count > 0, `${what}: subtest ${s.code} count`);
    from += s.count;
  }
  assert.ok(Array.isArray(exam.answers), `${what}: answers is an array`);
  assert.ok(Number.isInteger(exam.lastSeq) && exam.lastSeq >= 0, `${what}: lastSeq is an integer`);

  if (exam.set !== null) {
    checkSet(exam.set, from, what);
    assert.equal(exam.set.hash, exam.setHash, `${what}: set.hash equals setHash`);
  }
  return { count: from };
}

/** `ExamSet`: a hash, a content path, one `QuestionRef` per position with an option order. */
export function checkSet(set, count, what) {
  assert.equal(typeof set.hash, "string", `${what}: set.hash`);
  assert.ok(set.hash.length > 0, `${what}: set.hash is not empty`);
  assert.match(set.contentUrl, /^\/exam\/content\/[^/]+\/$/, `${what}: contentUrl is /exam/content/{access}/: ${set.contentUrl}`);
  assert.equal(set.questions.length, count, `${what}: one QuestionRef per position`);
  set.questions.forEach((q, i) => {
    assert.equal(q.position, i, `${what}: questions in position order`);
    assert.match(q.content, HashPattern, `${what}: question ${i} content is a hash`);
    assert.deepEqual([...q.order].sort(), [0, 1, 2, 3, 4], `${what}: question ${i} order is a permutation of 0..4: ${JSON.stringify(q.order)}`);
  });
}

/** `AnswerView[]` sorted by position (the document does not say in which order they come). */
export function byPosition(answers) {
  return [...answers].sort((a, b) => a.position - b.position);
}

/** The positions holding an answer or a mark, sorted (what a strict refusal must leave alone). */
export function stored(answers) {
  return byPosition(answers.filter((a) => a.slot !== null || a.doubtful));
}
