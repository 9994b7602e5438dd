// /privacy: the privacy statement, open to everyone (also without a login). The text
// is here; the figures (who to ask, the organisation, the server's retention terms)
// come from GET /api/privacy.

import { h, replace } from '../core/dom.js';
import { api } from '../core/api.js';
import { errorText } from '../core/errors.js';

export const title = () => 'Privacyverklaring';

function days(n) {
  return n === 1 ? '1 dag' : `${n} dagen`;
}

function statement(figures) {
  const who = figures.organisation || 'de organisatie die deze Kennislab-server beheert';
  const contact = figures.contact
    ? h('p', {}, 'Vragen over je gegevens of een verzoek om ze te laten verwijderen stuur je naar ',
      h('a', { href: `mailto:${figures.contact}`, 'data-external': '' }, figures.contact), '.')
    : h('p', {}, 'Vragen over je gegevens of een verzoek om ze te laten verwijderen stel je aan de beheerder van deze Kennislab-server.');
  const sessionTerm = figures.default_retention_days === null || figures.default_retention_days === undefined
    ? 'De moderatoren van een sessie kiezen hoe lang de inhoud na het archiveren bewaard blijft.'
    : `Na het archiveren van een sessie blijft de inhoud standaard ${days(figures.default_retention_days)} bewaard; de moderatoren kunnen een andere termijn kiezen.`;
  const auditTerm = figures.audit_retention_days > 0
    ? `Het logboek bewaart elke regel ${days(figures.audit_retention_days)}.`
    : 'Het logboek wordt bewaard zolang de server bestaat.';
  return [
    h('h1', {}, 'Privacyverklaring'),
    h('p', {}, `Kennislab wordt aangeboden door ${who}. Hier lees je welke gegevens Kennislab over je bewaart, waarom, hoe lang, en welke rechten je hebt.`),
    h('h2', {}, 'Wat we bewaren en waarom'),
    h('ul', {},
      h('li', {}, h('strong', {}, 'Je account'), ': naam, e-mailadres, organisatie en rol, en je wachtwoord als onleesbare hash. Nodig om je te laten inloggen en om te tonen wie iets schreef.'),
      h('li', {}, h('strong', {}, 'Lidmaatschappen'), ': aan welke sessies je meedoet en in welke rol. Nodig om te bepalen wat je mag zien en doen.'),
      h('li', {}, h('strong', {}, 'Berichten, kennisbord, notities en documenten'), ': wat je in een sessie schrijft of deelt. Daarvoor is Kennislab er: om samen te leren en het geleerde terug te lezen.'),
      h('li', {}, h('strong', {}, 'Meldingen en e-mails'), ': meldingen over wat er in je sessies gebeurt, en de e-mails die daarover verstuurd worden (activatielinks, uitnodigingen, overzichten). E-mails bevatten nooit de tekst van berichten.'),
      h('li', {}, h('strong', {}, 'Het logboek'), ': wie wanneer inlogde en welke beheer- en moderatiehandelingen er waren, met het IP-adres bij inloggen. Nodig voor de beveiliging en om handelingen te kunnen verantwoorden.')),
    h('h2', {}, 'Hoe lang'),
    h('ul', {},
      h('li', {}, sessionTerm, ' Daarna wordt de inhoud van de sessie voorgoed gewist: gesprekken, berichten, kaarten, notities en documenten. De titel, de data en de deelnemende organisaties blijven.'),
      h('li', {}, auditTerm),
      h('li', {}, 'Je account blijft bestaan tot de beheerder het verwijdert.')),
    h('h2', {}, 'Je rechten'),
    h('ul', {},
      h('li', {}, h('strong', {}, 'Inzage'), ': onder ', h('a', { href: '/beveiliging#gegevens' }, 'Mijn gegevens'), ' download je alles wat over je is opgeslagen.'),
      h('li', {}, h('strong', {}, 'Verwijdering'), ': de beheerder kan je account verwijderen. Je berichten blijven dan staan onder de naam “verwijderde deelnemer”, of worden op verzoek gewist.'),
      h('li', {}, h('strong', {}, 'Correctie'), ': vraag de beheerder om je naam of organisatie aan te passen.')),
    h('h2', {}, 'Vragen'),
    contact,
  ];
}

export function render({ main, isCurrent }) {
  const section = h('section', { class: 'card narrow privacy' }, h('h1', {}, 'Privacyverklaring'), h('p', { role: 'status' }, 'De privacyverklaring wordt geladen…'));
  main.append(section);
  api('GET', '/api/privacy').then((figures) => {
    if (!isCurrent()) return;
    replace(section, ...statement(figures || {}));
  }, (err) => {
    if (!isCurrent()) return;
    replace(section, h('h1', {}, 'Privacyverklaring'), h('p', { role: 'alert', class: 'alert alert-error' }, errorText(err)));
  });
}
