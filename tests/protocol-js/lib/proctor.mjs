// The proctor's side of a scenario (pause, resume, start, release, extra time, end, and letting
// some of the server's time pass: a real server's clock runs, a test server's may be held), which a
// terminal cannot do itself: asked of whoever started this program, over stdio. One request is a
// line on stdout, `@proctor {"id":1,"action":"pauseAttempt","participantNumber":"..."}`; the answer
// is a line on stdin, `{"id":1,"ok":true}` or `{"id":1,"ok":false,"error":"..."}`.
// The fixture says `"proctor": "stdio"` when its author answers these (ProtocolJsTests does).
import { createInterface } from "node:readline";
import { withTimeout } from "./terminal.mjs";

export class Proctor {
  constructor(enabled) {
    this.enabled = enabled;
    this.nextId = 1;
    this.pending = new Map();
    this.lines = null;
  }

  listen() {
    if (this.lines) {
      return;
    }
    this.lines = createInterface({ input: process.stdin });
    this.lines.on("line", (line) => {
      let answer;
      try {
        answer = JSON.parse(line);
      } catch {
        return;
      }
      const waiter = this.pending.get(answer.id);
      if (waiter) {
        this.pending.delete(answer.id);
        waiter(answer);
      }
    });
  }

  /** Asks for `action` on the candidate's attempt or session; fails when it was not done. */
  async act(action, participantNumber, extra = {}) {
    if (!this.enabled) {
      throw new Error(`this scenario needs a proctor (${action}): the fixture has no "proctor": "stdio"; run it through ProtocolJsTests, or leave it out with --without-proctor`);
    }
    this.listen();
    const id = this.nextId++;
    const answered = new Promise((resolve) => this.pending.set(id, resolve));
    process.stdout.write(`@proctor ${JSON.stringify({ id, action, participantNumber, ...extra })}\n`);
    const answer = await withTimeout(answered, 15_000, `the proctor did not answer ${action}`);
    if (!answer.ok) {
      throw new Error(`the proctor could not ${action} for ${participantNumber}: ${answer.error ?? "refused"}`);
    }
  }

  close() {
    this.lines?.close();
  }
}
