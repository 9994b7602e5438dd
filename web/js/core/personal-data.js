// The personal-data check the client runs before sending a text: Dutch citizen
// service numbers (BSN, nine digits passing the elfproef), phone numbers, e-mail
// addresses and postcodes with a house number. It warns, it never blocks. The
// server runs the same rules (protocol/personal_data.cpp) and marks the post for
// moderators; keep the two in step. Pure: no DOM, usable from node tests.

const isDigit = (c) => c >= '0' && c <= '9';
const isLetter = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isWord = (c) => isDigit(c) || isLetter(c);

/** The order in which kinds are reported. */
export const PERSONAL_DATA_KINDS = ['bsn', 'phone', 'email', 'postcode'];

/** The elfproef on exactly nine digits: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11), not all zero. */
export function passesElfproef(nineDigits) {
  if (typeof nineDigits !== 'string' || nineDigits.length !== 9) return false;
  let sum = 0;
  let allZero = true;
  for (let i = 0; i < 9; i += 1) {
    const c = nineDigits[i];
    if (!isDigit(c)) return false;
    const digit = c.charCodeAt(0) - 48;
    allZero = allZero && digit === 0;
    sum += (i === 8 ? -1 : 9 - i) * digit;
  }
  return !allZero && sum % 11 === 0;
}

// The digits of a group pattern such as "dddsdddsddd" matched at text[at], or
// null. 'd' is a digit, 's' one separator (dot or space, the same throughout).
function matchGrouped(text, at, pattern) {
  let digits = '';
  let separator = '';
  let i = at;
  for (const expected of pattern) {
    if (i >= text.length) return null;
    const c = text[i];
    i += 1;
    if (expected === 'd') {
      if (!isDigit(c)) return null;
      digits += c;
    } else {
      if (c !== '.' && c !== ' ') return null;
      if (separator && c !== separator) return null;
      separator = c;
    }
  }
  if (i < text.length && isDigit(text[i])) return null;
  return digits;
}

function hasBsn(text) {
  const patterns = ['ddddddddd', 'dddsdddsddd', 'ddddsddsddd'];
  for (let i = 0; i < text.length; i += 1) {
    if (!isDigit(text[i]) || (i > 0 && (isDigit(text[i - 1]) || text[i - 1] === '.'))) continue;
    for (const pattern of patterns) {
      const digits = matchGrouped(text, i, pattern);
      if (digits && passesElfproef(digits)) return true;
    }
  }
  return false;
}

// The digits of a phone-number-like run from text[at]: digits with at most two
// separators (space, dash, dot, parentheses) between them, as in "(010) 123 4567".
// Returns { digits, end } with end just past the last digit.
function phoneDigits(text, at) {
  let digits = '';
  let separators = 0;
  let end = at;
  for (let i = at; i < text.length && digits.length <= 13; i += 1) {
    const c = text[i];
    if (isDigit(c)) {
      digits += c;
      separators = 0;
      end = i + 1;
    } else if ((c === ' ' || c === '-' || c === '.' || c === '(' || c === ')') && ++separators <= 2) {
      continue;
    } else {
      break;
    }
  }
  return { digits, end };
}

function hasPhone(text) {
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (i > 0 && (isWord(text[i - 1]) || text[i - 1] === '+')) continue;
    const start = i + (c === '+' || c === '(' ? 1 : 0);
    if (start >= text.length || !isDigit(text[start])) continue;
    const { digits, end } = phoneDigits(text, start);
    if (end < text.length && (isWord(text[end]) || text[end] === '@')) continue;
    const plus = c === '+';
    if (plus && digits.length === 11 && digits.startsWith('31') && digits[2] !== '0') return true;
    if (!plus && digits.length === 13 && digits.startsWith('0031') && digits[4] !== '0') return true;
    if (!plus && digits.length === 10 && digits[0] === '0' && digits[1] !== '0') return true;
  }
  return false;
}

const isLocalChar = (c) => isWord(c) || c === '.' || c === '_' || c === '%' || c === '+' || c === '-';
const isDomainChar = (c) => isWord(c) || c === '.' || c === '-';

function hasEmail(text) {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    if (at === 0 || !isLocalChar(text[at - 1])) continue;
    let end = at + 1;
    while (end < text.length && isDomainChar(text[end])) end += 1;
    let domain = text.slice(at + 1, end);
    while (domain && (domain.endsWith('.') || domain.endsWith('-'))) domain = domain.slice(0, -1);
    const dot = domain.lastIndexOf('.');
    if (dot <= 0) continue;
    const tld = domain.slice(dot + 1);
    if (tld.length < 2) continue;
    if ([...tld].every(isLetter)) return true;
  }
  return false;
}

function hasPostcode(text) {
  for (let i = 0; i + 6 <= text.length; i += 1) {
    if (i > 0 && isWord(text[i - 1])) continue;
    let at = i;
    if (text[at] < '1' || text[at] > '9') continue;
    if (!(isDigit(text[at + 1]) && isDigit(text[at + 2]) && isDigit(text[at + 3]))) continue;
    at += 4;
    if (at < text.length && text[at] === ' ') at += 1;
    if (at + 2 > text.length || !isLetter(text[at]) || !isLetter(text[at + 1])) continue;
    at += 2;
    if (at < text.length && isLetter(text[at])) continue;
    if (at < text.length && (text[at] === ' ' || text[at] === ',')) at += 1;
    if (at < text.length && text[at] === ' ') at += 1;
    if (at < text.length && text[at] >= '1' && text[at] <= '9') return true;
  }
  return false;
}

/**
 * The kinds of personal data found in `text`, each at most once, in the order
 * bsn, phone, email, postcode. An empty array when nothing was found.
 */
export function findPersonalData(text) {
  const s = typeof text === 'string' ? text : '';
  const kinds = [];
  if (hasBsn(s)) kinds.push('bsn');
  if (hasPhone(s)) kinds.push('phone');
  if (hasEmail(s)) kinds.push('email');
  if (hasPostcode(s)) kinds.push('postcode');
  return kinds;
}
