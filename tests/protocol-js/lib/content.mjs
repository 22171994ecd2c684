// Item content and images by content hash (docs/protocol.md section 2, "ExamSet, QuestionRef and
// the item content"), fetched once per hash as a terminal host would, each checked against its hash.
import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { HashPattern } from "./protocol.mjs";

/** base64url (no padding) of the first 16 bytes of SHA-256(body). */
export function contentHash(body) {
  return createHash("sha256").update(body).digest().subarray(0, 16).toString("base64url");
}

/** The absolute URL of `{contentUrl}{hash}` on the hub's origin. */
export function contentAddress(baseUrl, contentUrl, hash) {
  return new URL(contentUrl + hash, baseUrl).toString();
}

/** GET a content address: { status, headers, body (Buffer) }. */
export async function get(url) {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body };
}

/** A cache of verified content, as a terminal host keeps it: each hash fetched once. */
export class ContentCache {
  constructor(baseUrl, contentUrl) {
    this.baseUrl = baseUrl;
    this.contentUrl = contentUrl;
    /** @type {Map<string, Promise<{ headers: Headers, body: Buffer }>>} */
    this.byHash = new Map();
    this.fetches = 0;
  }

  /** The verified body of `hash`: 200, immutable caching, the hash matching the body. */
  fetchVerified(hash) {
    assert.match(hash, HashPattern, `a content hash is 22 base64url characters: ${hash}`);
    if (!this.byHash.has(hash)) {
      this.byHash.set(hash, (async () => {
        this.fetches++;
        const r = await get(contentAddress(this.baseUrl, this.contentUrl, hash));
        assert.equal(r.status, 200, `GET ${this.contentUrl}${hash}: ${r.status} ${r.body.toString("utf8").slice(0, 200)}`);
        assert.equal(contentHash(r.body), hash, `the body served for ${hash} hashes to ${contentHash(r.body)}`);
        const cacheControl = r.headers.get("cache-control") ?? "";
        for (const directive of ["public", "max-age=31536000", "immutable"]) {
          assert.ok(cacheControl.includes(directive), `Cache-Control of ${hash} lacks ${directive}: "${cacheControl}"`);
        }
        assert.ok(r.headers.get("etag"), `content ${hash} has no ETag`);
        return { headers: r.headers, body: r.body };
      })());
    }
    return this.byHash.get(hash);
  }

  /** An `ItemContent`, checked field by field against the document. */
  async item(hash) {
    const { headers, body } = await this.fetchVerified(hash);
    assert.match(headers.get("content-type") ?? "", /^application\/json/, `item content ${hash} is not application/json`);
    const item = JSON.parse(body.toString("utf8"));
    checkItemContent(item, hash);
    return item;
  }

  /** An image body (`image/*`), checked against its hash. */
  async image(hash) {
    const { headers, body } = await this.fetchVerified(hash);
    assert.match(headers.get("content-type") ?? "", /^image\//, `image ${hash} is served as ${headers.get("content-type")}`);
    assert.ok(body.length > 0, `image ${hash} is empty`);
    return body;
  }
}

function onlyFields(obj, allowed, what) {
  assert.equal(typeof obj, "object", `${what} is an object`);
  assert.notEqual(obj, null, `${what} is not null`);
  for (const key of Object.keys(obj)) {
    assert.ok(allowed.includes(key), `${what} has a field the document does not define: "${key}" (allowed: ${allowed.join(", ")})`);
  }
}

function checkImage(image, what) {
  onlyFields(image, ["src", "alt"], what);
  assert.match(image.src, HashPattern, `${what}.src is a content hash`);
  assert.equal(typeof image.alt, "string", `${what}.alt is a string (always shown to screen readers)`);
}

/** `ItemContent`: stem, table, image, options (five); nothing else (no id, key or weight). */
export function checkItemContent(item, hash) {
  const what = `item ${hash}`;
  onlyFields(item, ["stem", "table", "image", "options"], what);
  assert.equal(typeof item.stem, "string", `${what}.stem is a string`);
  if (item.table !== null && item.table !== undefined) {
    onlyFields(item.table, ["caption", "header", "rows"], `${what}.table`);
    assert.ok(item.table.caption === null || typeof item.table.caption === "string", `${what}.table.caption`);
    assert.ok(Array.isArray(item.table.header) && item.table.header.every((h) => typeof h === "string"), `${what}.table.header is string[]`);
    assert.ok(Array.isArray(item.table.rows) && item.table.rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === "string")), `${what}.table.rows is string[][]`);
  }
  if (item.image !== null && item.image !== undefined) {
    checkImage(item.image, `${what}.image`);
  }
  assert.ok(Array.isArray(item.options), `${what}.options is an array`);
  assert.equal(item.options.length, 5, `${what} has five options`);
  item.options.forEach((o, i) => {
    onlyFields(o, ["text", "image"], `${what}.options[${i}]`);
    const hasText = typeof o.text === "string";
    const hasImage = o.image !== null && o.image !== undefined;
    assert.ok(o.text === null || o.text === undefined || hasText, `${what}.options[${i}].text is a string or null`);
    assert.ok(hasText || hasImage, `${what}.options[${i}] has text or an image`);
    if (hasImage) {
      checkImage(o.image, `${what}.options[${i}].image`);
    }
  });
}

/** Every image hash an item refers to. */
export function imagesOf(item) {
  return [item.image, ...item.options.map((o) => o.image)].filter((i) => i).map((i) => i.src);
}

/**
 * The question shown at each position, as the document's `QuestionView`: position, subtest (the
 * code of the subtest whose block holds it), stem, table, image, and options in slot order A..E
 * (slot k = the content's options[order[k]]).
 */
export async function assembleQuestions(cache, exam) {
  const questions = [];
  for (const ref of exam.set.questions) {
    const item = await cache.item(ref.content);
    for (const src of imagesOf(item)) {
      await cache.image(src);
    }
    const subtest = exam.subtests.find((s) => ref.position >= s.from && ref.position < s.from + s.count);
    assert.ok(subtest, `position ${ref.position} is in a subtest's block`);
    questions.push({
      position: ref.position,
      subtest: subtest.code,
      stem: item.stem,
      table: item.table ?? null,
      image: item.image ?? null,
      options: ref.order.map((k) => item.options[k]),
    });
  }
  return questions;
}
