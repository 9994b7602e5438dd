// The small, safe markup of post bodies (PROTOCOL.md, "Threads and posts"),
// parsed into a plain tree. Pure: no DOM, nothing is ever interpreted as HTML;
// the renderer (session/post-body.js) turns the tree into elements and text nodes.
//
//   blank lines           separate paragraphs (single newlines stay line breaks)
//   "- " or "* "          at the start of a line: an item of a bulleted list
//   "1. "                 an item of a numbered list
//   **bold**, *italic*
//   http(s)://…           a link; [text](https://…) a link with its own text
//
// Tree:
//   blocks:  { type: 'paragraph', children: inline[] }
//            { type: 'list', ordered: boolean, start: number, items: inline[][] }
//   inline:  { type: 'text', text } | { type: 'break' }
//            { type: 'strong', children } | { type: 'em', children }
//            { type: 'link', href, children: [{ type: 'text', text }] }

const BULLET = /^[ \t]*[-*][ \t]+(.*)$/;
const NUMBERED = /^[ \t]*(\d{1,9})\.[ \t]+(.*)$/;

/** True for an absolute http or https URL (the only links the markup makes). */
export function isSafeHref(href) {
  if (typeof href !== 'string' || !/^https?:\/\//i.test(href)) return false;
  try {
    const url = new URL(href);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

/** Parses a post body into blocks (see above). */
export function parseMarkup(body) {
  const text = typeof body === 'string' ? body.replace(/\r\n?/g, '\n') : '';
  const blocks = [];
  let paragraph = null; // lines of the paragraph being collected
  let list = null; // the list being collected

  const endParagraph = () => {
    if (paragraph) {
      const children = [];
      paragraph.forEach((line, i) => {
        if (i > 0) children.push({ type: 'break' });
        children.push(...parseInline(line));
      });
      blocks.push({ type: 'paragraph', children: mergeText(children) });
      paragraph = null;
    }
  };
  const endList = () => {
    if (list) {
      blocks.push(list);
      list = null;
    }
  };

  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/[ \t]+$/, '');
    if (line.trim() === '') {
      endParagraph();
      endList();
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      endParagraph();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) endList();
      if (!list) list = { type: 'list', ordered, start: ordered ? Number(numbered[1]) : 1, items: [] };
      list.items.push(parseInline(ordered ? numbered[2] : bullet[1]));
      continue;
    }
    endList();
    if (!paragraph) paragraph = [];
    paragraph.push(line.replace(/^[ \t]+/, ''));
  }
  endParagraph();
  endList();
  return blocks;
}

// Joins neighbouring text nodes.
function mergeText(nodes) {
  const out = [];
  for (const node of nodes) {
    const last = out[out.length - 1];
    if (node.type === 'text' && last && last.type === 'text') last.text += node.text;
    else if (node.type !== 'text' || node.text !== '') out.push(node);
  }
  return out;
}

// Sticky (/y): matched at one index without copying the rest of the line.
const LINKED = /\[([^\]\n]+)\]\((https?:\/\/[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*)\)/iy;
const BARE_URL = /https?:\/\/[^\s<>"]+/iy;

// How many times one line may look ahead for a partner (a closing "*", a link's
// "](…)", a URL) that is not there. Each look-ahead can cost the rest of the line,
// so without a bound lines like "*a *a *a …" or "[[[[…" cost the square of their
// length in every member's browser; past the bound such characters stay text.
const LOOKAHEADS_PER_LINE = 64;

// Matches a sticky regex at index i of s, or null.
function matchAt(regex, s, i) {
  regex.lastIndex = i;
  return regex.exec(s);
}
const TRAILING = /[.,;:!?'"]$/;

// A bare URL without trailing punctuation (and without a closing parenthesis
// that it did not open), e.g. "(zie https://example.nl/a)." → "https://example.nl/a".
function trimUrl(url) {
  let u = url;
  for (;;) {
    if (TRAILING.test(u)) {
      u = u.slice(0, -1);
    } else if (u.endsWith(')') && (u.match(/\(/g) || []).length < (u.match(/\)/g) || []).length) {
      u = u.slice(0, -1);
    } else {
      return u;
    }
  }
}

const isWordChar = (c) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** Parses one line (or list item) into inline nodes. */
export function parseInline(line) {
  return mergeText(inline(String(line ?? ''), 0, { lookaheads: LOOKAHEADS_PER_LINE }));
}

function inline(s, depth, budget) {
  const out = [];
  let buffer = '';
  const flush = () => {
    if (buffer) out.push({ type: 'text', text: buffer });
    buffer = '';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];

    if (c === '[' && budget.lookaheads > 0) {
      const m = matchAt(LINKED, s, i);
      if (!m) budget.lookaheads -= 1;
      if (m && isSafeHref(m[2])) {
        flush();
        out.push({ type: 'link', href: m[2], children: [{ type: 'text', text: m[1] }] });
        i += m[0].length;
        continue;
      }
    }

    if ((c === 'h' || c === 'H') && !isWordChar(s[i - 1]) && budget.lookaheads > 0) {
      const m = matchAt(BARE_URL, s, i);
      if (!m) budget.lookaheads -= 1;
      if (m) {
        const url = trimUrl(m[0]);
        if (isSafeHref(url) && url.length > url.indexOf('//') + 2) {
          flush();
          out.push({ type: 'link', href: url, children: [{ type: 'text', text: url }] });
          i += url.length;
          continue;
        }
      }
    }

    if (c === '*' && depth < 4 && budget.lookaheads > 0) {
      const strong = s.startsWith('**', i);
      const marker = strong ? '**' : '*';
      const close = findClose(s, i + marker.length, marker);
      if (close === -1) budget.lookaheads -= 1;
      if (close !== -1) {
        flush();
        const inner = s.slice(i + marker.length, close);
        out.push({ type: strong ? 'strong' : 'em', children: mergeText(inline(inner, depth + 1, budget)) });
        i = close + marker.length;
        continue;
      }
      if (strong) {
        // "**" without a partner: keep both stars as text.
        buffer += '**';
        i += 2;
        continue;
      }
    }

    buffer += c;
    i += 1;
  }
  flush();
  return out;
}

// The index of the closing marker for emphasis opened just before `from`, or -1.
// The content must not be empty nor start or end with whitespace; a single "*"
// does not close on a "**".
function findClose(s, from, marker) {
  if (from >= s.length || /\s/.test(s[from])) return -1;
  let i = from;
  while (i < s.length) {
    const at = s.indexOf(marker, i);
    if (at === -1) return -1;
    if (marker === '*' && (s[at + 1] === '*' || s[at - 1] === '*')) {
      // Part of a "**": skip the pair (it may be bold inside italic).
      i = at + 2;
      continue;
    }
    if (at > from && !/\s/.test(s[at - 1])) return at;
    i = at + marker.length;
  }
  return -1;
}

/** The body as one line of plain text (markers kept), at most `max` characters. */
export function plainExcerpt(body, max = 140) {
  const flat = String(body ?? '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}
