// The safe markup of post bodies (web/js/core/markup.js), a plain unit test of the
// parser: paragraphs, lists, bold, italic, links (http and https only), and
// everything else stays text, HTML included.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkup, parseInline, isSafeHref, plainExcerpt } from '../../web/js/core/markup.js';

const text = (t) => ({ type: 'text', text: t });
const para = (...children) => ({ type: 'paragraph', children });

describe('markup', () => {
  test('blank lines separate paragraphs; single newlines are line breaks', () => {
    assert.deepEqual(parseMarkup('Eerste regel\ntweede regel\n\n\nNieuwe alinea'), [
      para(text('Eerste regel'), { type: 'break' }, text('tweede regel')),
      para(text('Nieuwe alinea')),
    ]);
    assert.deepEqual(parseMarkup('a\r\n\r\nb'), [para(text('a')), para(text('b'))]);
    assert.deepEqual(parseMarkup(''), []);
    assert.deepEqual(parseMarkup('   \n\n  '), []);
    assert.deepEqual(parseMarkup(null), []);
  });

  test('bulleted and numbered lists', () => {
    assert.deepEqual(parseMarkup('Punten:\n- een\n* twee\n\n1. eerst\n2. dan'), [
      para(text('Punten:')),
      { type: 'list', ordered: false, start: 1, items: [[text('een')], [text('twee')]] },
      { type: 'list', ordered: true, start: 1, items: [[text('eerst')], [text('dan')]] },
    ]);
    const [list] = parseMarkup('3. derde\n4. vierde');
    assert.equal(list.start, 3);
    // A list ends at a line that is not an item.
    assert.deepEqual(parseMarkup('- een\nverder'), [
      { type: 'list', ordered: false, start: 1, items: [[text('een')]] },
      para(text('verder')),
    ]);
    // "-" without a space is no list.
    assert.deepEqual(parseMarkup('-5 graden'), [para(text('-5 graden'))]);
    // Switching between kinds of list starts a new list.
    assert.equal(parseMarkup('- a\n1. b').length, 2);
  });

  test('bold and italic', () => {
    assert.deepEqual(parseInline('dit is **vet** en *schuin*'), [
      text('dit is '),
      { type: 'strong', children: [text('vet')] },
      text(' en '),
      { type: 'em', children: [text('schuin')] },
    ]);
    assert.deepEqual(parseInline('**vet met *schuin* erin**'), [
      { type: 'strong', children: [text('vet met '), { type: 'em', children: [text('schuin')] }, text(' erin')] },
    ]);
    assert.deepEqual(parseInline('*schuin met **vet** erin*'), [
      { type: 'em', children: [text('schuin met '), { type: 'strong', children: [text('vet')] }, text(' erin')] },
    ]);
    // Unclosed or spaced markers stay text.
    assert.deepEqual(parseInline('2 * 3 = 6 en **open'), [text('2 * 3 = 6 en **open')]);
    assert.deepEqual(parseInline('* geen nadruk *'), [text('* geen nadruk *')]);
    assert.deepEqual(parseInline('****'), [text('****')]);
  });

  test('links: bare http(s) URLs and [text](url), trailing punctuation excluded', () => {
    assert.deepEqual(parseInline('zie https://example.nl/a?b=1.'), [
      text('zie '),
      { type: 'link', href: 'https://example.nl/a?b=1', children: [text('https://example.nl/a?b=1')] },
      text('.'),
    ]);
    assert.deepEqual(parseInline('(meer op http://example.nl/x)'), [
      text('(meer op '),
      { type: 'link', href: 'http://example.nl/x', children: [text('http://example.nl/x')] },
      text(')'),
    ]);
    assert.deepEqual(parseInline('[de handreiking](https://example.nl/handreiking) lezen'), [
      { type: 'link', href: 'https://example.nl/handreiking', children: [text('de handreiking')] },
      text(' lezen'),
    ]);
    assert.deepEqual(parseInline('**zie https://example.nl**'), [
      { type: 'strong', children: [text('zie '), { type: 'link', href: 'https://example.nl', children: [text('https://example.nl')] }] },
    ]);
  });

  test('only http and https links; everything else stays text', () => {
    for (const bad of [
      '[klik](javascript:alert(1))',
      '[klik](data:text/html,<script>alert(1)</script>)',
      '[klik](vbscript:msgbox)',
      '[klik](//example.nl)',
      'javascript:alert(1)',
      'ftp://example.nl/bestand',
      'https://',
    ]) {
      const nodes = parseInline(bad);
      assert.ok(nodes.every((n) => n.type === 'text'), `${bad} should stay text: ${JSON.stringify(nodes)}`);
      assert.equal(nodes.map((n) => n.text).join(''), bad);
    }
    assert.equal(isSafeHref('https://example.nl'), true);
    assert.equal(isSafeHref('HTTP://EXAMPLE.NL'), true);
    assert.equal(isSafeHref('javascript:alert(1)'), false);
    assert.equal(isSafeHref(' https://example.nl'), false);
  });

  test('HTML is text', () => {
    const body = '<script>alert(1)</script>\n<img src=x onerror=alert(1)> <b>vet?</b>';
    assert.deepEqual(parseMarkup(body), [
      para(text('<script>alert(1)</script>'), { type: 'break' }, text('<img src=x onerror=alert(1)> <b>vet?</b>')),
    ]);
    assert.deepEqual(parseInline('[<img src=x onerror=alert(1)>](https://example.nl)'), [
      { type: 'link', href: 'https://example.nl', children: [text('<img src=x onerror=alert(1)>')] },
    ]);
  });

  test('a line whose markers have no partner stays text, with a bound on the looking ahead', () => {
    // Each of these once cost the square of the line's length (about a second per
    // render for the first): every "*" or "[" searched the rest of the line.
    for (const line of ['*a '.repeat(6600).trimEnd(), '['.repeat(20000), '**a '.repeat(5000).trimEnd(), 'http '.repeat(4000).trimEnd()]) {
      assert.deepEqual(parseInline(line), [text(line)]);
    }
    // Past the bound the line's later markers stay text; within it markup still works.
    const link = '[bron](https://example.nl)';
    const unmatched = '[a] '.repeat(100);
    assert.deepEqual(parseInline(unmatched + link), [text(unmatched + link)]);
    const few = '[a] '.repeat(10);
    assert.deepEqual(parseInline(few + link), [text(few), { type: 'link', href: 'https://example.nl', children: [text('bron')] }]);
    // The bound is per line: the next line starts afresh.
    assert.deepEqual(parseMarkup(`${unmatched}\n\n${link}`)[1], para({ type: 'link', href: 'https://example.nl', children: [text('bron')] }));
  });

  test('plain excerpts for quotes', () => {
    assert.equal(plainExcerpt('kort\n\nbericht'), 'kort bericht');
    const long = 'woord '.repeat(50);
    const excerpt = plainExcerpt(long, 40);
    assert.ok(excerpt.length <= 40);
    assert.ok(excerpt.endsWith('…'));
  });
});
