// The client's personal-data check (web/js/core/personal-data.js), a plain unit
// test: the same cases as the server's tests/unit/protocol/personal_data_test.cpp,
// so that the browser warns exactly when the server marks a post.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findPersonalData, passesElfproef } from '../../web/js/core/personal-data.js';
import { personalDataText } from '../../web/js/core/labels.js';

describe('personal data check', () => {
  test('the elfproef accepts valid and refuses invalid numbers', () => {
    assert.equal(passesElfproef('111222333'), true);
    assert.equal(passesElfproef('123456782'), true);
    assert.equal(passesElfproef('123456789'), false);
    assert.equal(passesElfproef('000000000'), false);
    assert.equal(passesElfproef('11122233'), false);
    assert.equal(passesElfproef('11122233x'), false);
  });

  test('finds a citizen service number, plain or grouped', () => {
    assert.deepEqual(findPersonalData('BSN 111222333 van de jongere'), ['bsn']);
    assert.deepEqual(findPersonalData('nummer 111.222.333.'), ['bsn']);
    assert.deepEqual(findPersonalData('nummer 1234 56 782'), ['bsn']);
    assert.deepEqual(findPersonalData('111222333'), ['bsn']);
    assert.deepEqual(findPersonalData('nummer 123456789 faalt de elfproef'), []);
    assert.deepEqual(findPersonalData('1111222333 is tien cijfers'), []);
    assert.deepEqual(findPersonalData('mixed 111.222 333'), []);
  });

  test('finds Dutch phone numbers', () => {
    assert.deepEqual(findPersonalData('bel 06-12345678'), ['phone']);
    assert.deepEqual(findPersonalData('bel 06 1234 5678 morgen'), ['phone']);
    assert.deepEqual(findPersonalData('bel (010) 123 4567'), ['phone']);
    assert.deepEqual(findPersonalData('bel +31 6 12345678'), ['phone']);
    assert.deepEqual(findPersonalData('bel 0031 20 1234567'), ['phone']);
    assert.deepEqual(findPersonalData('in 2024 waren er 1200 meldingen'), []);
    assert.deepEqual(findPersonalData('dossier 0612345'), []);
  });

  test('finds e-mail addresses', () => {
    assert.deepEqual(findPersonalData('mail jan.de.vries@example.nl.'), ['email']);
    assert.deepEqual(findPersonalData('het @-teken of iemand@ of @home'), []);
    assert.deepEqual(findPersonalData('iemand@localhost'), []);
  });

  test('finds a postcode with a house number', () => {
    assert.deepEqual(findPersonalData('woont op 1234 AB 5'), ['postcode']);
    assert.deepEqual(findPersonalData('adres 3511AB 12a'), ['postcode']);
    assert.deepEqual(findPersonalData('adres 3511 ab, 7'), ['postcode']);
    assert.deepEqual(findPersonalData('postcodegebied 3511 AB zonder nummer'), []);
    assert.deepEqual(findPersonalData('0123 AB 5 begint met nul'), []);
    assert.deepEqual(findPersonalData('in 2023 ABC 5 keer'), []);
  });

  test('reports every kind once, in a fixed order', () => {
    assert.deepEqual(findPersonalData('a@b.nl, 1234 AB 1, tel 06-12345678, bsn 111222333, c@d.nl'),
      ['bsn', 'phone', 'email', 'postcode']);
    assert.deepEqual(findPersonalData(''), []);
    assert.deepEqual(findPersonalData(undefined), []);
    assert.deepEqual(findPersonalData('Een gewone zin over polarisatie in de wijk.'), []);
  });

  test('names what it found in Dutch', () => {
    assert.equal(personalDataText(['bsn']), 'BSN');
    assert.equal(personalDataText(['bsn', 'phone']), 'BSN en telefoonnummer');
    assert.equal(personalDataText(['bsn', 'phone', 'email', 'postcode']), 'BSN, telefoonnummer, e-mailadres en postcode met huisnummer');
  });
});
