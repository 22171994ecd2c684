// What docs/protocol.md defines, as numbers and names (sections 2 and 3). Nothing here is read
// from the server's source: if the document changes, this file follows it.

/** Section 3, `ExamError`. */
export const ExamError = Object.freeze({
  None: 0,
  NotLoggedIn: 1,
  WrongPin: 2,
  LockedOut: 3,
  OtherTerminalActive: 4,
  SessionNotOpen: 5,
  SessionEnded: 6,
  NotStarted: 7,
  Paused: 8,
  TimeUp: 9,
  Finished: 10,
  InvalidPosition: 11,
  InvalidOption: 12,
  NotConfirmed: 13,
  StorageUnavailable: 14,
  InvalidRequest: 15,
  Released: 16,
  RateLimited: 17,
});

/** Section 3, `ExamPhase`. */
export const ExamPhase = Object.freeze({ Waiting: 0, Running: 1, Paused: 2, Finished: 3 });

/** Section 1: where the hub is. */
export const HubPath = "/hubs/exam";

/** Section 2: the methods a terminal calls. */
export const Methods = Object.freeze({
  Login: "Login",
  Reattach: "Reattach",
  SaveAnswer: "SaveAnswer",
  MarkDoubtful: "MarkDoubtful",
  Finish: "Finish",
  Clock: "Clock",
  SaveDisplay: "SaveDisplay",
});

/** Section 7: what the server pushes. */
export const Pushes = Object.freeze(["ClockChanged", "AttemptEnded", "TerminalReleased"]);

/** Section 8, the defaults (the fixture may say the server was started with others). */
export const Limits = Object.freeze({
  burst: 300,
  perSecond: 20,
  refusedInARowBeforeClose: 50,
  failedLoginsPerConnection: 10,
  wrongPinsPerCandidate: 5,
});

/** Section 5: seq runs from 1 to 2^53-1. */
export const MaxSeq = 2 ** 53 - 1;

/** Section 1: "times are ISO 8601 strings with an offset". */
export const IsoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;

/** Section 4: "a token (43 characters, base64url)". */
export const TokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** Section 2: "A hash is the first 16 bytes of the SHA-256 ..., base64url without padding (22 characters)". */
export const HashPattern = /^[A-Za-z0-9_-]{22}$/;
